package org.egret.decoder.gemini.internal;

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
        String name = "/OSGI-INF/" + GeminiDecoder.class.getName() + ".xml";
        String xml;
        try (InputStream in = GeminiDecoder.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(xml).contains("<provide interface=\"org.egret.api.decode.WireApiDecoder\"/>")
                .contains("<property name=\"egret.wireapi.name\" type=\"String\" value=\"gemini-aistudio\"/>")
                .contains("<property name=\"egret.wireapi.paths\" type=\"String\">:generateContent\n:streamGenerateContent</property>");
        assertThat(new GeminiDecoder().wireApi()).isEqualTo("gemini-aistudio");
    }

    @Test
    void bundleExportsNothing() throws Exception {
        Path classes = Path.of(GeminiDecoder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Manifest manifest;
        try (InputStream in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        Attributes main = manifest.getMainAttributes();
        assertThat(main.getValue("Bundle-SymbolicName")).isEqualTo("org.egret.decoder.gemini");
        assertThat(main.getValue("Export-Package")).isNull();
        assertThat(main.getValue("Private-Package")).isEqualTo("org.egret.decoder.gemini.internal");
        assertThat(main.getValue("Service-Component")).contains(GeminiDecoder.class.getName());
    }
}
