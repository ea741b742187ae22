package io.unshistorian.ingest.sparkplug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Sparkplug topics and metric paths. */
class SparkplugTopicTest {
    @Test
    void parsesTheSpecificationsTopics() {
        assertEquals(new SparkplugTopic("G", SparkplugTopic.MessageType.DDATA, "N", "D"),
            SparkplugTopic.parse("spBv1.0/G/DDATA/N/D"));
        assertEquals(new SparkplugTopic("G", SparkplugTopic.MessageType.NBIRTH, "N", null),
            SparkplugTopic.parse("spBv1.0/G/NBIRTH/N"));
        assertEquals(SparkplugTopic.MessageType.STATE, SparkplugTopic.parse("spBv1.0/STATE/host").type());
        for (String bad : new String[] {"spBv1.0/G/NBIRTH/N/D", "spBv1.0/G/DDATA/N", "spBv1.0/G/NOPE/N",
            "spAv1.0/G/NDATA/N", "spBv1.0//NDATA/N", "spBv1.0/G"}) {
            assertNull(SparkplugTopic.parse(bad), bad);
        }
    }

    @Test
    void buildsPathsFromTheTemplate() {
        PathTemplate standard = new PathTemplate(PathTemplate.DEFAULT);
        assertEquals("G/N/D/a/b", standard.pathOf("G", "N", "D", "a/b"));
        assertEquals("G/N/m", standard.pathOf("G", "N", null, "m"));
        PathTemplate prefixed = new PathTemplate("acme/{node}/{device}/{metric}");
        assertEquals("acme/N/m", prefixed.pathOf("G", "N", null, "m"));
        PathTemplate deviceFirst = new PathTemplate("{device}/{metric}");
        assertEquals("m", deviceFirst.pathOf("G", "N", null, "m"));
        assertThrows(IllegalArgumentException.class, () -> new PathTemplate("{group}/{node}"));
        assertThrows(IllegalArgumentException.class, () -> new PathTemplate("{site}/{metric}"));
    }
}
