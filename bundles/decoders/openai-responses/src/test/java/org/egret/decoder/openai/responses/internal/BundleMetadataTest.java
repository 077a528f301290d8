package org.egret.decoder.openai.responses.internal;

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
        String name = "/OSGI-INF/" + OpenAiResponsesDecoder.class.getName() + ".xml";
        String xml;
        try (InputStream in = OpenAiResponsesDecoder.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(xml).contains("<provide interface=\"org.egret.api.decode.WireApiDecoder\"/>")
                .contains("<property name=\"egret.wireapi.name\" type=\"String\" value=\"openai-responses\"/>")
                .contains("<property name=\"egret.wireapi.paths\" type=\"String\">/responses</property>");
        assertThat(new OpenAiResponsesDecoder().wireApi()).isEqualTo("openai-responses");
    }

    @Test
    void bundleExportsNothing() throws Exception {
        Path classes = Path.of(OpenAiResponsesDecoder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Manifest manifest;
        try (InputStream in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        Attributes main = manifest.getMainAttributes();
        assertThat(main.getValue("Bundle-SymbolicName")).isEqualTo("org.egret.decoder.openai.responses");
        assertThat(main.getValue("Export-Package")).isNull();
        assertThat(main.getValue("Private-Package")).isEqualTo("org.egret.decoder.openai.responses.internal");
        assertThat(main.getValue("Service-Component")).contains(OpenAiResponsesDecoder.class.getName());
    }
}
