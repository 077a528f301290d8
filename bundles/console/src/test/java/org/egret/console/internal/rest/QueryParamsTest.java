package org.egret.console.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class QueryParamsTest {

    @Test
    void csvIsSplitTrimmedAndEmptiesDropped() throws Exception {
        QueryParams q = QueryParams.parse("model=a,%20b%20,,c&model=d&wire_api=");
        assertThat(q.csv("model")).containsExactly("a", "b", "c", "d");
        assertThat(q.csv("wire_api")).isEmpty();
        assertThat(q.csv("absent")).isEmpty();
    }

    @Test
    void valuesArePercentAndPlusDecoded() throws Exception {
        QueryParams q = QueryParams.parse("request_path=%2Fv1%2Fchat+completions&uri=caf%C3%A9");
        assertThat(q.single("request_path")).isEqualTo("/v1/chat completions");
        assertThat(q.single("uri")).isEqualTo("café");
    }

    @Test
    void malformedPercentEncodingIsAnInvalidParameter() {
        assertThatThrownBy(() -> QueryParams.parse("model=%zz"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo(1001);
                    assertThat(e.getMessage()).contains("malformed query string");
                });
    }

    @Test
    void emptySingleValueMeansAbsentAndRepeatsMustAgree() throws Exception {
        assertThat(QueryParams.parse("page=").single("page")).isNull();
        assertThat(QueryParams.parse("page=2&page=2").single("page")).isEqualTo("2");
        assertThatThrownBy(() -> QueryParams.parse("page=2&page=3").single("page"))
                .isInstanceOf(ApiException.class).hasMessageContaining("page").hasMessageContaining("more than once");
    }

    @Test
    void numericCsvRejectsNonNumbersNamingTheParameter() throws Exception {
        QueryParams q = QueryParams.parse("server_port=8000,%2011434&status_code=abc");
        assertThat(q.csvInts("server_port", 0, 65535, "a port number")).containsExactly(8000, 11434);
        assertThatThrownBy(() -> q.csvInts("status_code", 0, 999, "an HTTP status code"))
                .isInstanceOf(ApiException.class).hasMessage("status_code: 'abc' is not an HTTP status code");
        assertThatThrownBy(() -> QueryParams.parse("server_port=70000").csvInts("server_port", 0, 65535, "a port"))
                .isInstanceOf(ApiException.class).hasMessageContaining("server_port");
    }

    @Test
    void flagsAcceptHeronSpellings() throws Exception {
        assertThat(QueryParams.parse("is_sse=true").flag("is_sse")).isTrue();
        assertThat(QueryParams.parse("is_sse=1").flag("is_sse")).isTrue();
        assertThat(QueryParams.parse("is_sse=FALSE").flag("is_sse")).isFalse();
        assertThat(QueryParams.parse("is_sse=all").flag("is_sse")).isNull();
        assertThat(QueryParams.parse("").flag("is_sse")).isNull();
        assertThatThrownBy(() -> QueryParams.parse("is_sse=maybe").flag("is_sse"))
                .isInstanceOf(ApiException.class).hasMessageContaining("is_sse");
    }

    @Test
    void methodsAreUpperCased() throws Exception {
        assertThat(QueryParams.parse("method=get,Post").csvUpper("method")).containsExactly("GET", "POST");
    }

    @Test
    void echoedValuesAreClipped() {
        String longValue = "x".repeat(500);
        assertThatThrownBy(() -> QueryParams.parse("status_code=" + longValue).csvInts("status_code", 0, 999, "a code"))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(120));
    }
}
