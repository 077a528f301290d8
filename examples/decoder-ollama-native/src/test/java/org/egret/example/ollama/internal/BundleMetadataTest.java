package org.egret.example.ollama.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** What bnd generated from the annotations: the service, its name and claims, and a bundle that exports nothing. */
class BundleMetadataTest {

    @Test
    void componentPublishesTheDecoderServiceWithItsNameAndClaimedPaths() throws Exception {
        String name = "/OSGI-INF/" + OllamaNativeDecoder.class.getName() + ".xml";
        String xml;
        try (InputStream in = OllamaNativeDecoder.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(xml).contains("<provide interface=\"org.egret.api.decode.WireApiDecoder\"/>")
                .contains("<property name=\"egret.wireapi.name\" type=\"String\" value=\"ollama-native\"/>")
                .contains("<property name=\"egret.wireapi.paths\" type=\"String\">/api/chat\n/api/generate</property>");
        assertThat(new OllamaNativeDecoder().wireApi()).isEqualTo("ollama-native");
    }

    @Test
    void bundleExportsNothingAndImportsTheDecodeApiFromItsMinorVersionOn() throws Exception {
        Path classes = Path.of(OllamaNativeDecoder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Manifest manifest;
        try (InputStream in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        Attributes main = manifest.getMainAttributes();
        assertThat(main.getValue("Bundle-SymbolicName")).isEqualTo("org.egret.example.decoder.ollama");
        assertThat(main.getValue("Export-Package")).isNull();
        assertThat(main.getValue("Private-Package")).isEqualTo("org.egret.example.ollama.internal");
        // a consumer of the decode API: any 1.x from the minor it was built against, never 2.0
        assertThat(main.getValue("Import-Package"))
                .containsPattern("org\\.egret\\.api\\.decode;version=\"\\[1\\.[0-9]+,2\\)\"");
        assertThat(main.getValue("Service-Component")).contains(OllamaNativeDecoder.class.getName());
    }
}
