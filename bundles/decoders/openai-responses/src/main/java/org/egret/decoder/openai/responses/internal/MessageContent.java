package org.egret.decoder.openai.responses.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.egret.api.decode.TurnFacts;

/**
 * A message item's {@code content}: a string, or the concatenated text of its {@code input_text} /
 * {@code output_text} parts, kept to about {@link TurnFacts#TEXT_LIMIT} characters; {@code media} when a part is an
 * image, a file or audio.
 */
record MessageContent(String text, boolean media) {

    /** Called on the content value; reads it to its end. */
    static MessageContent read(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return new MessageContent(p.getText(), false);
        }
        if (v != JsonToken.START_ARRAY) {
            p.skipChildren();
            return new MessageContent(null, false);
        }
        StringBuilder text = new StringBuilder();
        boolean media = false;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            String type = null;
            String partText = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken fv = p.nextToken();
                if ("type".equals(field) && fv == JsonToken.VALUE_STRING) {
                    type = p.getText();
                } else if ("text".equals(field) && fv == JsonToken.VALUE_STRING && text.length() < TurnFacts.TEXT_LIMIT) {
                    partText = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            // the type may follow the text: a refusal or a reasoning part carries text that is no message text
            if (partText != null && ("input_text".equals(type) || "output_text".equals(type) || "text".equals(type))) {
                text.append(partText);
            }
            media |= "input_image".equals(type) || "input_file".equals(type) || "input_audio".equals(type);
        }
        return new MessageContent(text.toString(), media);
    }
}
