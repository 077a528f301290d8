package org.egret.source.pcapfile.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.egret.api.packet.PacketSourceFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The DS descriptor bnd generates is what the pipeline looks the factory up by. */
class ComponentDescriptionTest {

    @Test
    void registersAPacketSourceFactoryOfTypePcapFile() throws Exception {
        String descriptor = "OSGI-INF/" + PcapFileSourceFactory.class.getName() + ".xml";
        Document xml;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(descriptor)) {
            assertThat(in).as(descriptor).isNotNull();
            xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }

        Element property = (Element) xml.getElementsByTagName("property").item(0);
        Element provide = (Element) xml.getElementsByTagName("provide").item(0);
        assertThat(property.getAttribute("name")).isEqualTo(PacketSourceFactory.TYPE_PROPERTY);
        assertThat(property.getAttribute("value")).isEqualTo("pcap-file");
        assertThat(provide.getAttribute("interface")).isEqualTo(PacketSourceFactory.class.getName());
        assertThat(xml.getElementsByTagName("reference").getLength()).isZero();
    }
}
