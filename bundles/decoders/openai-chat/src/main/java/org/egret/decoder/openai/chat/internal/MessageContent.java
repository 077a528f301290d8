package org.egret.decoder.openai.chat.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.egret.api.decode.TurnFacts;

/**
 * A message's {@code content}: a string, or the concatenated text of its {@code [{type: "text", text}, …]} parts,
 * kept to about {@link TurnFacts#TEXT_LIMIT} characters; {@code media} when a part is no text (an image, audio, a
 * file).
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
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken fv = p.nextToken();
                if (field.equals("text") && fv == JsonToken.VALUE_STRING && text.length() < TurnFacts.TEXT_LIMIT) {
                    text.append(p.getText());
                } else if (field.equals("type") && fv == JsonToken.VALUE_STRING) {
                    type = p.getText();
                } else {
                    p.skipChildren();
                }
            }
            media |= type != null && !type.equals("text");
        }
        return new MessageContent(text.toString(), media);
    }
}
