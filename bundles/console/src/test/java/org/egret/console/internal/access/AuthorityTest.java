package org.egret.console.internal.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthorityTest {

    @Test
    void hostHeadersParseWithAndWithoutPorts() {
        assertThat(Authority.parseHost("LocalHost:3000")).isEqualTo(new Authority("localhost", 3000));
        assertThat(Authority.parseHost("[::1]:8080")).isEqualTo(new Authority("[::1]", 8080));
        assertThat(Authority.parseHost("[::1]")).isEqualTo(new Authority("[::1]", -1));
        assertThat(Authority.parseHost("example.org")).isEqualTo(new Authority("example.org", -1));
        for (String bad : new String[] {"", "a b", "::1", "[::1", "[::1]x", "host:99999", "host:", "h:1:2", "h/x"}) {
            assertThat(Authority.parseHost(bad)).as(bad).isNull();
        }
    }

    @Test
    void loopbackNamesAreNeverLookedUp() {
        for (String h : new String[] {"localhost", "x.localhost", "127.0.0.1", "127.255.0.9", "[::1]",
                "[0:0:0:0:0:0:0:1]"}) {
            assertThat(Authority.parseHost(h).isLoopback()).as(h).isTrue();
        }
        for (String h : new String[] {"example.org", "localhost.example.org", "10.0.0.1", "[::2]", "128.0.0.1",
                "127.0.0.1.nip.io", "[::ffff:10.0.0.1]", "0.0.0.0", "[::]"}) {
            assertThat(Authority.parseHost(h).isLoopback()).as(h).isFalse();
        }
    }

    @Test
    void bindAddressesAndConnectionAddresses() {
        assertThat(Authority.isLoopbackBind("127.0.0.1")).isTrue();
        assertThat(Authority.isLoopbackBind("::1")).isTrue();
        assertThat(Authority.isLoopbackBind("localhost")).isTrue();
        assertThat(Authority.isLoopbackBind("0.0.0.0")).isFalse();
        assertThat(Authority.isLoopbackBind("::")).isFalse();
        assertThat(Authority.isLoopbackBind("")).as("no host: every interface").isFalse();
        assertThat(Authority.isLoopbackIp("127.0.0.1")).isTrue();
        assertThat(Authority.isLoopbackIp("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(Authority.isLoopbackIp("[::1]")).isTrue();
        assertThat(Authority.isLoopbackIp("192.0.2.1")).isFalse();
        assertThat(Authority.isLoopbackIp("fe80::1%eth0")).isFalse();
        assertThat(Authority.isLoopbackIp(null)).isFalse();
    }

    @Test
    void anOriginMatchesTheHostItNames() {
        Authority host = Authority.parseHost("127.0.0.1:3000");
        assertThat(Authority.parseOrigin("http://127.0.0.1:3000").sameServerAs(host)).isTrue();
        assertThat(Authority.parseOrigin("http://127.0.0.1:3001").sameServerAs(host)).isFalse();
        assertThat(Authority.parseOrigin("http://localhost:3000").sameServerAs(host)).isFalse();
        Authority proxied = Authority.parseHost("egret.example.org");
        assertThat(Authority.parseOrigin("https://egret.example.org").sameServerAs(proxied)).isTrue();
        assertThat(Authority.parseOrigin("http://egret.example.org:8080").sameServerAs(proxied)).isFalse();
        assertThat(Authority.parseOrigin("null")).isNull();
        assertThat(Authority.parseOrigin("file:///tmp/x.html")).isNull();
        assertThat(Authority.parseOrigin("chrome-extension://abc")).isNull();
    }
}
