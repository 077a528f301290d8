package org.egret.storage.clickhouse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every literal goes to the real server and must come back as the very string it was made from. */
class SqlLiteralTest extends ClickHouseTestBase {

    @ParameterizedTest
    @ValueSource(strings = {"plain", "it's", "'", "''", "\\", "\\'", "back\\\\slash", "nul\0byte", "\0",
            "tab\tnew\nline\rret", "\b\f", "Résumé 日本語 🦅 שלום", "' OR 1=1 --", "'); DROP TABLE spans; --",
            "%_like_%", "{\"json\":\"va\\\"lue\"}", "\u2028\u2029", "\\0 not a nul", ""})
    void aLiteralReadsBackAsItsString(String value) throws Exception {
        String answer = server.sql("SELECT hex(" + SqlLiteral.of(value) + ")");

        assertThat(new String(java.util.HexFormat.of().parseHex(answer.toLowerCase()),
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a'b", "x\\", "\0"})
    void aListMatchesItsValuesExactly(String value) throws Exception {
        String list = SqlLiteral.list(List.of(value, "other"));

        assertThat(server.sql("SELECT " + SqlLiteral.of(value) + " IN " + list)).isEqualTo("1");
        assertThat(server.sql("SELECT 'a' IN " + list)).isEqualTo("0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1db", "my-db", "db;drop", "a b", "é"})
    void identifiersAreNamesOnly(String name) {
        assertThatThrownBy(() -> SqlLiteral.identifier(name, "database")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("database must be letters, digits and '_'");
    }

    @org.junit.jupiter.api.Test
    void numbersAndNullsAreBare() {
        assertThat(SqlLiteral.of((Object) 42)).isEqualTo("42");
        assertThat(SqlLiteral.of((Object) (-7L))).isEqualTo("-7");
        assertThat(SqlLiteral.of((String) null)).isEqualTo("NULL");
        assertThat(SqlLiteral.identifier("egret_2", "database")).isEqualTo("egret_2");
    }
}
