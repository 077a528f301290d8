package org.egret.storage.duckdb.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.egret.api.decode.ToolCall;
import org.egret.api.decode.ToolResult;
import org.egret.api.http.HttpHeader;

/**
 * The JSON texts stored in VARCHAR columns: headers as {@code [[name,value],…]} (Heron's shape), tool calls as
 * {@code [{index,id,name,arguments},…]}, tool results as {@code [{tool_call_id,name,error,content},…]} and names
 * (tools called, tools declared) as {@code [name,…]}.
 */
final class JsonColumns {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private JsonColumns() {
    }

    static String headers(List<HttpHeader> headers) {
        if (headers == null) {
            return null;
        }
        StringWriter out = new StringWriter(64 * headers.size() + 2);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (HttpHeader h : headers) {
                g.writeStartArray();
                g.writeString(h.name());
                g.writeString(h.value());
                g.writeEndArray();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string failed", e);
        }
        return out.toString();
    }

    static List<HttpHeader> headers(String json, String column) throws SQLException {
        if (json == null) {
            return List.of();
        }
        try (JsonParser p = JSON.createParser(json)) {
            expect(p, JsonToken.START_ARRAY, column);
            List<HttpHeader> headers = new ArrayList<>();
            while (p.nextToken() == JsonToken.START_ARRAY) {
                p.nextToken();
                String name = p.getValueAsString();
                p.nextToken();
                String value = p.getValueAsString();
                expect(p, JsonToken.END_ARRAY, column);
                headers.add(new HttpHeader(name, value));
            }
            return List.copyOf(headers);
        } catch (IOException e) {
            throw corrupt(column, e);
        }
    }

    /** The values of the headers with this name (case-insensitive), in order. */
    static List<HttpHeader> headersNamed(String json, String column, String name) throws SQLException {
        List<HttpHeader> matching = new ArrayList<>(1);
        for (HttpHeader h : headers(json, column)) {
            if (h.name().equalsIgnoreCase(name)) {
                matching.add(h);
            }
        }
        return List.copyOf(matching);
    }

    static String toolCalls(List<ToolCall> calls) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (ToolCall c : calls) {
                g.writeStartObject();
                g.writeNumberField("index", c.index());
                g.writeStringField("id", c.id());
                g.writeStringField("name", c.name());
                g.writeStringField("arguments", c.arguments());
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string failed", e);
        }
        return out.toString();
    }

    static List<ToolCall> toolCalls(String json, String column) throws SQLException {
        if (json == null) {
            return List.of();
        }
        try (JsonParser p = JSON.createParser(json)) {
            expect(p, JsonToken.START_ARRAY, column);
            List<ToolCall> calls = new ArrayList<>();
            while (p.nextToken() == JsonToken.START_OBJECT) {
                int index = 0;
                String id = null;
                String name = null;
                String arguments = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    switch (field) {
                        case "index" -> index = p.getIntValue();
                        case "id" -> id = p.getValueAsString();
                        case "name" -> name = p.getValueAsString();
                        case "arguments" -> arguments = p.getValueAsString();
                        default -> p.skipChildren();
                    }
                }
                calls.add(new ToolCall(index, id, name, arguments));
            }
            return List.copyOf(calls);
        } catch (IOException e) {
            throw corrupt(column, e);
        }
    }

    static String toolNames(List<ToolCall> calls) {
        List<String> names = new ArrayList<>(calls.size());
        for (ToolCall c : calls) {
            names.add(c.name());
        }
        return names(names);
    }

    static String names(List<String> names) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (String name : names) {
                g.writeString(name);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string failed", e);
        }
        return out.toString();
    }

    static String toolResults(List<ToolResult> results) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (ToolResult r : results) {
                g.writeStartObject();
                g.writeStringField("tool_call_id", r.toolCallId());
                g.writeStringField("name", r.name());
                g.writeBooleanField("error", r.error());
                g.writeStringField("content", r.content());
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string failed", e);
        }
        return out.toString();
    }

    static List<ToolResult> toolResults(String json, String column) throws SQLException {
        if (json == null) {
            return List.of();
        }
        try (JsonParser p = JSON.createParser(json)) {
            expect(p, JsonToken.START_ARRAY, column);
            List<ToolResult> results = new ArrayList<>();
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String id = null;
                String name = null;
                boolean error = false;
                String content = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    switch (field) {
                        case "tool_call_id" -> id = p.getValueAsString();
                        case "name" -> name = p.getValueAsString();
                        case "error" -> error = p.getValueAsBoolean();
                        case "content" -> content = p.getValueAsString();
                        default -> p.skipChildren();
                    }
                }
                results.add(new ToolResult(id, name, error, content));
            }
            return List.copyOf(results);
        } catch (IOException e) {
            throw corrupt(column, e);
        }
    }

    static List<String> toolNames(String json, String column) throws SQLException {
        if (json == null) {
            return List.of();
        }
        try (JsonParser p = JSON.createParser(json)) {
            expect(p, JsonToken.START_ARRAY, column);
            List<String> names = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t == null) {
                    throw new SQLException("stored JSON in column " + column + " ends early");
                }
                names.add(p.getValueAsString());
            }
            return names;
        } catch (IOException e) {
            throw corrupt(column, e);
        }
    }

    private static void expect(JsonParser p, JsonToken token, String column) throws IOException, SQLException {
        if (p.nextToken() != token) {
            throw new SQLException("stored JSON in column " + column + " is not in the expected shape");
        }
    }

    private static SQLException corrupt(String column, IOException e) {
        return new SQLException("stored JSON in column " + column + " is corrupt: " + e.getMessage(), e);
    }
}
