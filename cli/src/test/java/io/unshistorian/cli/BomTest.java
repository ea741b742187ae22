package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The bill of materials (bom/pom.xml) manages exactly the build's product modules, at the build's
 * version: a module added to the build and not to the BOM, or a version bumped in one place only,
 * fails here.
 */
class BomTest {
    /** Modules an application never depends on. */
    private static final Set<String> INTERNAL = Set.of("testkit", "benchmarks", "bom");

    private static Document read(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static String child(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagName(name);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }

    @Test
    void managesEveryProductModuleAtTheBuildsVersion() throws Exception {
        Document build = read(Path.of("..", "pom.xml"));
        Document bom = read(Path.of("..", "bom", "pom.xml"));
        String version = child((Element) build.getElementsByTagName("project").item(0), "version");
        Set<String> modules = new TreeSet<>();
        NodeList moduleNodes = build.getElementsByTagName("module");
        for (int i = 0; i < moduleNodes.getLength(); i++) {
            String module = moduleNodes.item(i).getTextContent().strip();
            if (!INTERNAL.contains(module)) {
                modules.add(module);
            }
        }
        Set<String> managed = new TreeSet<>();
        List<String> wrongVersions = new ArrayList<>();
        NodeList dependencies = bom.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            managed.add(child(dependency, "artifactId"));
            if (!version.equals(child(dependency, "version"))) {
                wrongVersions.add(child(dependency, "artifactId") + " " + child(dependency, "version"));
            }
        }
        assertEquals(modules, managed, "bom/pom.xml must manage every product module of the build");
        assertEquals(List.of(), wrongVersions, "every artifact at the build's version " + version);
        assertEquals(version, child(bom.getDocumentElement(), "version"));
    }
}
