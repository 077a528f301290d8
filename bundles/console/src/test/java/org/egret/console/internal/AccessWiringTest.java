package org.egret.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The component descriptions bnd generated: the filter exists only with its configuration and covers every path,
 * and the servlets that serve data cannot activate without it, so nothing is ever served unguarded.
 */
class AccessWiringTest {

    private static Element component(String pid) throws Exception {
        try (InputStream in = AccessWiringTest.class.getResourceAsStream("/OSGI-INF/" + pid + ".xml")) {
            assertThat(in).as("descriptor of " + pid).isNotNull();
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            Document d = f.newDocumentBuilder().parse(in);
            return d.getDocumentElement();
        }
    }

    private static List<Element> children(Element e, String name) {
        NodeList list = e.getElementsByTagName(name);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    private static String property(Element component, String name) {
        for (Element p : children(component, "property")) {
            if (p.getAttribute("name").equals(name)) {
                return p.hasAttribute("value") ? p.getAttribute("value") : p.getTextContent().trim();
            }
        }
        return null;
    }

    @Test
    void theFilterNeedsItsConfigurationAndCoversEveryPath() throws Exception {
        Element access = component(AccessFilter.PID);
        assertThat(access.getAttribute("configuration-policy")).isEqualTo("require");
        assertThat(property(access, "osgi.http.whiteboard.filter.pattern")).isEqualTo("/*");
        // an SSE route started asynchronously must not fail for passing through this filter
        assertThat(property(access, "osgi.http.whiteboard.filter.asyncSupported")).isEqualTo("true");
        // the token is a private property: Declarative Services never publishes it with the service
        assertThat(property(access, ".token_sha256")).isEmpty();
        assertThat(property(access, "token_sha256")).isNull();
        assertThat(property(access, "token")).isNull();
    }

    @Test
    void theApiAndMetricsServletsRequireTheFilter() throws Exception {
        for (String pid : List.of(ApiServlet.PID, MetricsServlet.PID)) {
            Element servlet = component(pid);
            List<Element> guards = children(servlet, "reference").stream()
                    .filter(r -> r.getAttribute("interface").equals("jakarta.servlet.Filter")).toList();
            assertThat(guards).as(pid).singleElement().satisfies(r -> {
                assertThat(r.getAttribute("target")).isEqualTo(AccessFilter.TARGET);
                assertThat(r.getAttribute("cardinality")).isIn("", "1..1");
            });
        }
    }
}
