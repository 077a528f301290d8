package org.egret.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The access filter as requests meet it: what reaches the servlets, and what is answered instead. */
class AccessFilterTest {

    private static final String TOKEN = "s3cret-token-for-tests-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicLong now = new AtomicLong(1_767_323_045_000L);
    private final AccessFilter filter = new AccessFilter(now::get);

    /** What one request produced: whether it went on to a servlet, and the response if it did not. */
    private record Outcome(boolean passed, ServletStubs.Response response) {
        int status() {
            return response.status;
        }

        JsonNode json() throws Exception {
            return JSON.readTree(response.text());
        }

        String header(String name) {
            return response.headers.get(name);
        }
    }

    private Outcome send(RequestStub request) throws Exception {
        boolean[] passed = {false};
        FilterChain chain = (req, resp) -> passed[0] = true;
        ServletStubs.Response response = new ServletStubs.Response();
        filter.doFilter(request.proxy(), response.proxy(), chain);
        assertThat(response.headers.keySet()).as("never a CORS header")
                .noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
        assertThat(response.text() + response.headers).as("the token is never echoed").doesNotContain(TOKEN);
        return new Outcome(passed[0], response);
    }

    private void withToken() {
        filter.configure("", TOKEN, "127.0.0.1", 12);
    }

    private static RequestStub get(String path) {
        return RequestStub.of("GET", path);
    }

    private static void assertRefused(Outcome o, int status, int code) throws Exception {
        assertThat(o.passed()).as("reached the servlet").isFalse();
        assertThat(o.status()).isEqualTo(status);
        JsonNode body = o.json();
        assertThat(body.path("code").asInt()).isEqualTo(code);
        assertThat(body.path("message").asText()).isNotBlank();
        assertThat(body.path("data").isObject()).isTrue();
        assertThat(body.path("data").size()).isZero();
        assertThat(o.response().contentType).startsWith("application/json");
    }

    private String signIn() throws Exception {
        Outcome o = send(RequestStub.of("POST", AccessFilter.SESSION_PATH).json("{\"token\":\"" + TOKEN + "\"}"));
        assertThat(o.status()).isEqualTo(200);
        String cookie = o.header("Set-Cookie");
        return cookie.substring(0, cookie.indexOf(';'));
    }

    @Test
    void withoutATokenLoopbackIsOpen() throws Exception {
        filter.configure("", "", "127.0.0.1", 12);
        assertThat(send(get("/api/health")).passed()).isTrue();
        assertThat(send(get("/metrics")).passed()).isTrue();
        JsonNode session = send(get(AccessFilter.SESSION_PATH)).json().path("data");
        assertThat(session.path("authenticated").asBoolean()).isTrue();
        assertThat(session.path("required").asBoolean()).isFalse();
    }

    @Test
    void aTokenGuardsTheApiAndMetricsButNotTheConsoleAssets() throws Exception {
        withToken();
        Outcome api = send(get("/api/health"));
        assertRefused(api, 401, AccessFilter.UNAUTHORIZED);
        assertThat(api.header("WWW-Authenticate")).startsWith("Bearer");
        assertRefused(send(get("/api/spans")), 401, AccessFilter.UNAUTHORIZED);
        assertRefused(send(get("/metrics")), 401, AccessFilter.UNAUTHORIZED);
        assertRefused(send(RequestStub.of("GET", "/api")), 401, AccessFilter.UNAUTHORIZED);
        assertThat(send(get("/")).passed()).isTrue();
        assertThat(send(get("/index.html")).passed()).isTrue();
        assertThat(send(get("/assets/index-abc.js")).passed()).isTrue();
        assertThat(send(get("/llm-calls/c1")).passed()).as("an SPA route").isTrue();
    }

    @Test
    void aRightBearerTokenPassesAWrongOneDoesNot() throws Exception {
        withToken();
        assertThat(send(get("/api/health").header("Authorization", "Bearer " + TOKEN)).passed()).isTrue();
        assertThat(send(get("/metrics").header("Authorization", "bearer " + TOKEN)).passed()).isTrue();
        Outcome wrong = send(get("/api/health").header("Authorization", "Bearer " + TOKEN + "x"));
        assertRefused(wrong, 401, AccessFilter.UNAUTHORIZED);
        assertThat(wrong.header("WWW-Authenticate")).contains("invalid_token");
        assertRefused(send(get("/api/health").header("Authorization", "Basic " + TOKEN)), 401,
                AccessFilter.UNAUTHORIZED);
    }

    @Test
    void theTokenCanBeConfiguredAsItsSha256Only() throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(TOKEN.getBytes(StandardCharsets.UTF_8)));
        filter.configure(sha.toUpperCase(), "", "127.0.0.1", 12);
        assertThat(send(get("/api/health").header("Authorization", "Bearer " + TOKEN)).passed()).isTrue();
        assertRefused(send(get("/api/health").header("Authorization", "Bearer " + sha)), 401,
                AccessFilter.UNAUTHORIZED);
    }

    @Test
    void anUnreadableTokenHashRefusesEveryone() throws Exception {
        filter.configure("not-hex", "", "127.0.0.1", 12);
        assertRefused(send(get("/api/health")), 403, AccessFilter.FORBIDDEN);
        assertRefused(send(get("/api/health").header("Authorization", "Bearer not-hex")), 403,
                AccessFilter.FORBIDDEN);
        assertThat(send(RequestStub.of("POST", AccessFilter.SESSION_PATH).json("{\"token\":\"not-hex\"}"))
                .status()).isEqualTo(401);
    }

    @Test
    void signingInSetsAStrictHttpOnlyCookieThatGrantsAccessUntilSignedOut() throws Exception {
        withToken();
        JsonNode before = send(get(AccessFilter.SESSION_PATH)).json().path("data");
        assertThat(before.path("authenticated").asBoolean()).isFalse();
        assertThat(before.path("required").asBoolean()).isTrue();

        Outcome in = send(RequestStub.of("POST", AccessFilter.SESSION_PATH)
                .json("{\"token\":\"" + TOKEN + "\",\"other\":[1,{\"a\":2}]}"));
        assertThat(in.status()).isEqualTo(200);
        assertThat(in.json().path("data").path("authenticated").asBoolean()).isTrue();
        String setCookie = in.header("Set-Cookie");
        assertThat(setCookie).matches("egret_session=[A-Za-z0-9_-]{43}; Path=/; Max-Age=43200; HttpOnly; "
                + "SameSite=Strict");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        assertThat(send(get("/api/health").header("Cookie", "theme=dark; " + cookie)).passed()).isTrue();
        assertThat(send(get(AccessFilter.SESSION_PATH).header("Cookie", cookie)).json()
                .path("data").path("authenticated").asBoolean()).isTrue();
        assertRefused(send(get("/api/health").header("Cookie", "egret_session=forged")), 401,
                AccessFilter.UNAUTHORIZED);

        Outcome out = send(RequestStub.of("DELETE", AccessFilter.SESSION_PATH).header("Cookie", cookie)
                .header("Content-Type", "application/json"));
        assertThat(out.status()).isEqualTo(200);
        assertThat(out.header("Set-Cookie")).startsWith("egret_session=; Path=/; Max-Age=0; HttpOnly");
        assertRefused(send(get("/api/health").header("Cookie", cookie)), 401, AccessFilter.UNAUTHORIZED);
    }

    @Test
    void theCookieIsSecureOverHttpsAndExpiresWithItsSession() throws Exception {
        filter.configure("", TOKEN, "127.0.0.1", 2);
        Outcome in = send(RequestStub.of("POST", AccessFilter.SESSION_PATH).secure()
                .json("{\"token\":\"" + TOKEN + "\"}"));
        assertThat(in.header("Set-Cookie")).contains("Max-Age=7200").endsWith("; Secure");
        String cookie = in.header("Set-Cookie").substring(0, in.header("Set-Cookie").indexOf(';'));
        now.addAndGet(7_199_000);
        assertThat(send(get("/api/health").header("Cookie", cookie)).passed()).isTrue();
        now.addAndGet(2_000);
        assertRefused(send(get("/api/health").header("Cookie", cookie)), 401, AccessFilter.UNAUTHORIZED);
    }

    @Test
    void aNewTokenSignsEveryBrowserOut() throws Exception {
        withToken();
        String cookie = signIn();
        filter.configure("", TOKEN + "-rotated", "127.0.0.1", 12);
        assertRefused(send(get("/api/health").header("Cookie", cookie)), 401, AccessFilter.UNAUTHORIZED);
    }

    @Test
    void aSignInBodyThatIsNotATokenObjectIs400() throws Exception {
        withToken();
        for (String body : new String[] {"", "[]", "{\"token\":1}", "{\"token\":\"a\"} trailing", "{\"token\":",
                "{\"tok\":\"" + TOKEN + "\"}", "{\"token\":\"" + "x".repeat(5000) + "\"}"}) {
            assertRefused(send(RequestStub.of("POST", AccessFilter.SESSION_PATH).json(body)), 400, 1001);
        }
        assertRefused(send(RequestStub.of("PUT", AccessFilter.SESSION_PATH).json("{}")), 405, 1001);
    }

    @Test
    void tenWrongTokensFromOneAddressWithinAMinuteLockItOut() throws Exception {
        withToken();
        for (int i = 0; i < 10; i++) {
            now.addAndGet(1_000);
            assertRefused(send(get("/api/health").header("Authorization", "Bearer guess-" + i)), 401,
                    AccessFilter.UNAUTHORIZED);
        }
        // the eleventh is refused unread, even when right: a lockout that still answered would still be guessable
        Outcome locked = send(get("/api/health").header("Authorization", "Bearer " + TOKEN));
        assertRefused(locked, 429, AccessFilter.TOO_MANY_ATTEMPTS);
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(50L, 51L);
        assertRefused(send(RequestStub.of("POST", AccessFilter.SESSION_PATH).json("{\"token\":\"" + TOKEN + "\"}")),
                429, AccessFilter.TOO_MANY_ATTEMPTS);
        // another address is not punished for it
        assertThat(send(get("/api/health").from("127.0.0.9").header("Authorization", "Bearer " + TOKEN))
                .passed()).isTrue();
        // once the first wrong one is a minute old, the address may try again
        now.addAndGet(51_000);
        assertThat(send(get("/api/health").header("Authorization", "Bearer " + TOKEN)).passed()).isTrue();
    }

    @Test
    void wrongTokensSpreadOverMoreThanAMinuteDoNotLockOut() throws Exception {
        withToken();
        for (int i = 0; i < 30; i++) {
            now.addAndGet(7_000);
            assertRefused(send(RequestStub.of("POST", AccessFilter.SESSION_PATH).json("{\"token\":\"guess\"}")), 401,
                    AccessFilter.UNAUTHORIZED);
        }
        assertThat(send(get("/api/health").header("Authorization", "Bearer " + TOKEN)).passed()).isTrue();
    }

    @Test
    void onLoopbackAForeignHostIsRefusedAsDnsRebinding() throws Exception {
        filter.configure("", "", "127.0.0.1", 12);
        assertRefused(send(get("/api/health").header("Host", "attacker.example:3000")), 403, AccessFilter.FORBIDDEN);
        assertRefused(send(get("/").header("Host", "attacker.example")), 403, AccessFilter.FORBIDDEN);
        assertRefused(send(get("/api/health").header("Host", "127.0.0.1.attacker.example")), 403,
                AccessFilter.FORBIDDEN);
        assertRefused(send(get("/api/health").header("Host", "bad host")), 400, 1001);
        for (String host : new String[] {"localhost:3000", "LOCALHOST", "127.0.0.1", "127.1.2.3:80", "[::1]:3000",
                "app.localhost:3000"}) {
            assertThat(send(get("/api/health").header("Host", host)).passed()).as(host).isTrue();
        }
        assertThat(send(get("/api/health").arrivedOn("0:0:0:0:0:0:0:1").header("Host", "[::1]")).passed()).isTrue();
    }

    @Test
    void beyondLoopbackAnyHostWithTheToken() throws Exception {
        filter.configure("", TOKEN, "0.0.0.0", 12);
        assertThat(send(get("/api/health").arrivedOn("192.0.2.10").from("192.0.2.99")
                .header("Host", "egret.lab.example:3000").header("Authorization", "Bearer " + TOKEN))
                .passed()).isTrue();
        assertRefused(send(get("/api/health").arrivedOn("192.0.2.10").from("192.0.2.99")
                .header("Host", "egret.lab.example:3000")), 401, AccessFilter.UNAUTHORIZED);
    }

    @Test
    void withoutATokenNothingBeyondLoopbackIsServed() throws Exception {
        filter.configure("", "", "127.0.0.1", 12);
        // e.g. the HTTP service was pointed at another interface behind the launcher's back
        assertRefused(send(get("/api/health").arrivedOn("192.0.2.10").header("Host", "192.0.2.10:3000")), 403,
                AccessFilter.FORBIDDEN);
        assertThat(send(get("/").arrivedOn("192.0.2.10").header("Host", "192.0.2.10:3000")).passed()).isTrue();
        assertThat(send(get(AccessFilter.SESSION_PATH).arrivedOn("192.0.2.10").header("Host", "192.0.2.10"))
                .json().path("data").path("authenticated").asBoolean()).as("the session says so too").isFalse();
        filter.configure("", "", "0.0.0.0", 12);
        assertRefused(send(get("/api/health")), 403, AccessFilter.FORBIDDEN);
        assertRefused(send(get("/metrics")), 403, AccessFilter.FORBIDDEN);
    }

    @Test
    void anOriginMustNameTheHost() throws Exception {
        withToken();
        String auth = "Bearer " + TOKEN;
        assertRefused(send(RequestStub.of("POST", "/api/settings/prices").json("{}").header("Authorization", auth)
                .header("Origin", "https://attacker.example")), 403, AccessFilter.FORBIDDEN);
        assertRefused(send(get("/api/health").header("Authorization", auth).header("Origin", "null")), 403,
                AccessFilter.FORBIDDEN);
        assertRefused(send(get("/api/health").header("Authorization", auth).header("Origin", "http://127.0.0.1:3001")),
                403, AccessFilter.FORBIDDEN);
        assertThat(send(RequestStub.of("POST", "/api/settings/prices").json("{}").header("Authorization", auth)
                .header("Origin", "http://127.0.0.1:3000")).passed()).isTrue();
        assertThat(send(get("/api/health").header("Authorization", auth).header("Host", "localhost")
                .header("Origin", "http://localhost")).passed()).isTrue();
    }

    @Test
    void aStateChangingRequestMustCarryJson() throws Exception {
        withToken();
        String auth = "Bearer " + TOKEN;
        for (String type : new String[] {null, "text/plain", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/jsonp"}) {
            assertRefused(send(RequestStub.of("POST", "/api/settings/prices").body("{}").header("Content-Type", type)
                    .header("Authorization", auth)), 415, AccessFilter.UNSUPPORTED_MEDIA_TYPE);
        }
        assertRefused(send(RequestStub.of("PUT", "/api/settings/prices").header("Authorization", auth)), 415,
                AccessFilter.UNSUPPORTED_MEDIA_TYPE);
        assertRefused(send(RequestStub.of("DELETE", AccessFilter.SESSION_PATH)), 415,
                AccessFilter.UNSUPPORTED_MEDIA_TYPE);
        assertThat(send(RequestStub.of("PUT", "/api/settings/prices").body("{}")
                .header("Content-Type", "Application/JSON; charset=utf-8").header("Authorization", auth)).passed())
                .isTrue();
        assertThat(send(RequestStub.of("OPTIONS", "/").header("Authorization", auth)).passed()).isTrue();
    }

    @Test
    void anAdminConsoleIsServedOnlyBehindAToken() throws Exception {
        filter.configure("", "", "127.0.0.1", 12);
        assertRefused(send(get("/system/console/bundles")), 403, AccessFilter.FORBIDDEN);
        withToken();
        assertRefused(send(get("/system/console")), 401, AccessFilter.UNAUTHORIZED);
        assertThat(send(get("/system/console").header("Authorization", "Bearer " + TOKEN)).passed()).isTrue();
    }

    @Test
    void aRefusedHeadHasNoBody() throws Exception {
        withToken();
        Outcome o = send(RequestStub.of("HEAD", "/api/health"));
        assertThat(o.passed()).isFalse();
        assertThat(o.status()).isEqualTo(401);
        assertThat(o.response().text()).isEmpty();
    }
}
