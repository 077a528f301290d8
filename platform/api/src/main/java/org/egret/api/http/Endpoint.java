package org.egret.api.http;

/** One side of a TCP connection: textual IP address (IPv4 dotted, IPv6 RFC 5952) and port. */
public record Endpoint(String ip, int port) {
    @Override
    public String toString() {
        return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port;
    }
}
