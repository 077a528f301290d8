package org.egret.console.internal.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.egret.api.decode.LlmCall;
import org.egret.api.storage.StorageException;

/**
 * Calls as CSV (RFC 4180: comma, double quotes, CRLF; UTF-8 without a byte order mark), one header row, written as
 * the pages come from storage. A list cell (tool names) holds a JSON array.
 */
final class CallsCsv {

    private static final JsonFactory LIST_JSON = new JsonFactory();

    private CallsCsv() {
    }

    static void write(OutputStream target, CallPages pages) throws IOException, StorageException {
        Writer w = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8), 64 * 1024);
        List<CallColumns.Column> columns = CallColumns.ALL;
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            w.write(columns.get(i).name());
        }
        w.write("\r\n");
        for (List<LlmCall> page = pages.next(); !page.isEmpty(); page = pages.next()) {
            for (LlmCall c : page) {
                for (int i = 0; i < columns.size(); i++) {
                    if (i > 0) {
                        w.write(',');
                    }
                    w.write(cell(columns.get(i).value().apply(c)));
                }
                w.write("\r\n");
            }
        }
        w.flush();
    }

    static String cell(Object v) throws IOException {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return BigDecimal.valueOf(d).toPlainString();
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof List<?> list) {
            StringWriter s = new StringWriter();
            try (JsonGenerator g = LIST_JSON.createGenerator(s)) {
                g.writeStartArray();
                for (Object o : list) {
                    g.writeString(String.valueOf(o));
                }
                g.writeEndArray();
            }
            return CsvText.text(s.toString());
        }
        return CsvText.text(v.toString());
    }
}
