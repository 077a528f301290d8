package org.egret.decoder.openai.chat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** What bnd generated from the annotations: the service and its whiteboard properties, and a private bundle. */
class BundleMetadataTest {

    @Test
    void componentPublishesTheDecoderServiceWithItsWireApiProperties() throws Exception {
        String name = "/OSGI-INF/" + OpenAiChatDecoder.class.getName() + ".xml";
        String xml;
        try (InputStream in = OpenAiChatDecoder.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(xml).contains("<provide interface=\"org.egret.api.decode.WireApiDecoder\"/>")
                .contains("<property name=\"egret.wireapi.name\" type=\"String\" value=\"openai-chat\"/>")
                .contains("<property name=\"egret.wireapi.paths\" type=\"String\">/chat/completions</property>");
        assertThat(new OpenAiChatDecoder().wireApi()).isEqualTo("openai-chat");
    }

    @Test
    void bundleExportsNothing() throws Exception {
        Path classes = Path.of(OpenAiChatDecoder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Manifest manifest;
        try (InputStream in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        Attributes main = manifest.getMainAttributes();
        assertThat(main.getValue("Bundle-SymbolicName")).isEqualTo("org.egret.decoder.openai.chat");
        assertThat(main.getValue("Export-Package")).isNull();
        assertThat(main.getValue("Private-Package")).isEqualTo("org.egret.decoder.openai.chat.internal");
        assertThat(main.getValue("Service-Component")).contains(OpenAiChatDecoder.class.getName());
    }
}
