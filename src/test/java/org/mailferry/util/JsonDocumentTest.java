package org.mailferry.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The envelope of every JSON document: schema version and tool first, the body's keys after. */
class JsonDocumentTest {

    record Body(String job, long copied) {
    }

    @Test
    void anObjectShouldKeepItsKeysAfterTheSchemaVersionAndTool() {
        JsonNode doc = Json.MAPPER.readTree(JsonDocument.of(new Body("nightly", 42)));

        assertThat(doc.propertyNames()).containsExactly("schemaVersion", "tool", "job", "copied");
        assertThat(doc.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(doc.path("tool").asString()).isEqualTo("mailferry " + ToolVersion.version());
        assertThat(doc.path("copied").asLong()).isEqualTo(42);
    }

    @Test
    void aListShouldGoUnderItsKey() {
        JsonNode doc = Json.MAPPER.readTree(JsonDocument.ofList("runs", List.of(new Body("a", 1), new Body("b", 2))));

        assertThat(doc.path("runs").size()).isEqualTo(2);
        assertThat(doc.path("runs").get(1).path("job").asString()).isEqualTo("b");
        assertThatThrownBy(() -> JsonDocument.of(List.of(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
