package org.egret.console.internal.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * The {@code data} member of a response, written straight to the generator. Everything it needs is fetched before
 * the response is returned, so writing never touches storage.
 */
@FunctionalInterface
public interface JsonBody {

    JsonBody EMPTY_OBJECT = g -> {
        g.writeStartObject();
        g.writeEndObject();
    };

    void write(JsonGenerator g) throws IOException;
}
