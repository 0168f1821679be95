package org.mailferry.util;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every JSON document mailferry prints or writes for scripts ({@code --json}, reports): an object
 * whose first keys are {@code schemaVersion} ({@value #SCHEMA_VERSION}; raised when a key changes
 * meaning or goes away, never for added keys) and {@code tool} ("mailferry VERSION"), then the
 * body's own keys. A body that is a list goes under a named key.
 */
public final class JsonDocument {

    public static final int SCHEMA_VERSION = 1;

    private JsonDocument() {
    }

    /** {@code body} (a record or map) with the schema version and tool first, pretty-printed. */
    public static String of(Object body) {
        ObjectNode doc = head();
        JsonNode tree = Json.MAPPER.valueToTree(body);
        if (!tree.isObject()) {
            throw new IllegalArgumentException("a JSON document's body must be an object, not " + tree.getNodeType());
        }
        doc.setAll((ObjectNode) tree);
        return Json.PRETTY.writeValueAsString(doc);
    }

    /** A list body under {@code key}, e.g. {@code {"schemaVersion": 1, "tool": ..., "runs": [...]}}. */
    public static String ofList(String key, Object list) {
        ObjectNode doc = head();
        doc.set(key, Json.MAPPER.valueToTree(list));
        return Json.PRETTY.writeValueAsString(doc);
    }

    private static ObjectNode head() {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("schemaVersion", SCHEMA_VERSION);
        doc.put("tool", "mailferry " + ToolVersion.version());
        return doc;
    }
}
