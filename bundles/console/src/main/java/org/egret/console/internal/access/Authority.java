package org.egret.console.internal.access;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The {@code host[:port]} of a Host header or an Origin: enough to tell a loopback name from a foreign one (the
 * DNS-rebinding guard) and a same-origin request from a cross-site one. Never resolves a name through DNS.
 *
 * @param host lower case; IPv6 literals keep their brackets
 * @param port -1 when none was given
 */
public record Authority(String host, int port) {

    /** A Host header's value, or null when it is not {@code host[:port]}. */
    public static Authority parseHost(String header) {
        if (header == null) {
            return null;
        }
        String h = header.trim().toLowerCase(Locale.ROOT);
        String host;
        String portText = null;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = h.substring(0, close + 1);
            String rest = h.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return null;
                }
                portText = rest.substring(1);
            }
        } else {
            int colon = h.indexOf(':');
            if (colon >= 0 && h.indexOf(':', colon + 1) >= 0) {
                return null; // a bare IPv6 literal is not a valid Host
            }
            host = colon < 0 ? h : h.substring(0, colon);
            portText = colon < 0 ? null : h.substring(colon + 1);
        }
        if (host.isEmpty() || !host.matches("[a-z0-9._\\-\\[\\]:]+")) {
            return null;
        }
        int port = -1;
        if (portText != null) {
            if (!portText.matches("[0-9]{1,5}")) {
                return null;
            }
            port = Integer.parseInt(portText);
            if (port > 65535) {
                return null;
            }
        }
        return new Authority(host, port);
    }

    /** An Origin header's value ({@code scheme://host[:port]}), its port defaulted by its scheme; null if unusable. */
    public static Authority parseOrigin(String header) {
        if (header == null) {
            return null;
        }
        URI u;
        try {
            u = new URI(header.trim());
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (u.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            return null; // includes "null", the origin of sandboxed frames and file: pages
        }
        int port = u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
        return new Authority(u.getHost().toLowerCase(Locale.ROOT), port);
    }

    /**
     * This Origin names the same server as the Host header. A Host without a port is taken to mean the default port
     * of either scheme, since a TLS proxy in front may have been addressed over https.
     */
    public boolean sameServerAs(Authority hostHeader) {
        if (!host.equals(hostHeader.host)) {
            return false;
        }
        return hostHeader.port < 0 ? port == 80 || port == 443 : port == hostHeader.port;
    }

    /** {@code localhost}, a {@code *.localhost} name, or a loopback IP literal. */
    public boolean isLoopback() {
        return isLoopbackName(host);
    }

    /** A bind address, name or literal: loopback when every address it names is (a name is looked up locally). */
    public static boolean isLoopbackBind(String bind) {
        String b = bind == null ? "" : bind.trim().toLowerCase(Locale.ROOT);
        if (b.isEmpty()) {
            return false; // no host: Jetty listens on every interface
        }
        if (isLoopbackName(b) || isLoopbackName("[" + b + "]")) {
            return true;
        }
        if (isIpv4Literal(b) || b.contains(":")) {
            return false;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(b)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The local IP a connection arrived on (as the servlet API gives it) is a loopback address. */
    public static boolean isLoopbackIp(String localAddr) {
        if (localAddr == null) {
            return false;
        }
        String a = localAddr.trim().toLowerCase(Locale.ROOT);
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        int zone = a.indexOf('%');
        if (zone >= 0) {
            a = a.substring(0, zone);
        }
        return isIpv4Literal(a) ? a.startsWith("127.") : a.contains(":") && isLoopbackName("[" + a + "]");
    }

    private static boolean isLoopbackName(String host) {
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return true;
        }
        if (isIpv4Literal(host)) {
            return host.startsWith("127.");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            String literal = host.substring(1, host.length() - 1);
            if (!literal.matches("[0-9a-f:.]+") || !literal.contains(":")) {
                return false; // only a literal goes to InetAddress, so nothing here ever asks DNS
            }
            try {
                return InetAddress.getByName(literal).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    private static boolean isIpv4Literal(String s) {
        if (!s.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            return false;
        }
        for (String octet : s.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }
}
