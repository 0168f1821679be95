package org.mailferry.jobfile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reading of one YAML mapping of a job file, from SnakeYAML's node tree so that every value
 * keeps its line. A getter that meets a value of the wrong kind records a problem (the key's
 * dotted name, the line, what was expected and what was found) and returns empty, so that one
 * pass finds every problem. Duplicate keys are problems; {@link #rejectUnknownKeys} reports every
 * key outside the allowed set. Not thread-safe.
 */
final class YamlMapping {

    /** A scalar value and its line. */
    record Scalar(String value, int line) {
    }

    private final String path;
    private final Problems problems;
    private final List<String> allowed;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> handled = new HashSet<>();

    private YamlMapping(String path, Problems problems, List<String> allowed) {
        this.path = path;
        this.problems = problems;
        this.allowed = List.copyOf(allowed);
    }

    /**
     * Reads {@code node} as a mapping whose keys are {@code allowed}; a node of another kind is a
     * problem and reads as an empty mapping.
     *
     * @param path the mapping's dotted name ("" at the top, {@code options} for the options block)
     */
    static YamlMapping of(Node node, String path, Problems problems, List<String> allowed) {
        YamlMapping m = new YamlMapping(path, problems, allowed);
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, (path.isEmpty() ? "the job file" : path) + ": expected a mapping (key: value lines)"
                    + found(node));
            return m;
        }
        for (NodeTuple t : mapping.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                problems.add(t.getKeyNode(), m.name("") + "a key must be a plain word");
                continue;
            }
            NodeTuple first = m.entries.putIfAbsent(key.getValue(), t);
            if (first != null) {
                problems.add(key, m.name(key.getValue()) + ": given twice (first on line "
                        + Problems.lineOf(first.getKeyNode()) + ")");
            }
        }
        return m;
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The key's dotted name, e.g. {@code options.chunk-size}. */
    String name(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The line of the key, or of the mapping's first key when absent. */
    int line(String key) {
        NodeTuple t = entries.get(key);
        if (t != null) {
            return Problems.lineOf(t.getKeyNode());
        }
        return entries.values().stream().findFirst().map(e -> Problems.lineOf(e.getKeyNode())).orElse(1);
    }

    /** Records a problem at the key's line. */
    void problem(String key, String message) {
        problems.add(line(key), name(key) + ": " + message);
    }

    /** A key that must not appear: if it does, {@code message} at its line (and it is not "unknown"). */
    void forbid(String key, String message) {
        if (has(key)) {
            handled.add(key);
            problem(key, message);
        }
    }

    Optional<Node> node(String key) {
        handled.add(key);
        NodeTuple t = entries.get(key);
        return t == null ? Optional.empty() : Optional.of(t.getValueNode());
    }

    Optional<Scalar> scalar(String key, String expected) {
        Optional<Node> n = node(key);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        if (n.get() instanceof ScalarNode s && s.getTag() != Tag.NULL && !s.getValue().isBlank()) {
            return Optional.of(new Scalar(s.getValue().strip(), Problems.lineOf(s)));
        }
        problems.add(n.get(), name(key) + ": expected " + expected + found(n.get()));
        return Optional.empty();
    }

    Optional<String> string(String key, String expected) {
        return scalar(key, expected).map(Scalar::value);
    }

    Optional<Integer> positiveInt(String key) {
        return scalar(key, "a whole number of at least 1").flatMap(s -> {
            try {
                int v = Integer.parseInt(s.value());
                if (v >= 1) {
                    return Optional.of(v);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(s.line(), name(key) + ": expected a whole number of at least 1, got '" + s.value() + "'");
            return Optional.empty();
        });
    }

    /** A number above 0, as written. */
    Optional<String> positiveNumber(String key) {
        return scalar(key, "a number above 0").flatMap(s -> {
            try {
                double v = Double.parseDouble(s.value());
                if (v > 0 && Double.isFinite(v)) {
                    return Optional.of(s.value());
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(s.line(), name(key) + ": expected a number above 0, got '" + s.value() + "'");
            return Optional.empty();
        });
    }

    Optional<Boolean> bool(String key) {
        Optional<Node> n = node(key);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        if (n.get() instanceof ScalarNode s && s.getTag() == Tag.BOOL) {
            return Optional.of(Set.of("true", "yes", "on", "y").contains(s.getValue().toLowerCase(Locale.ROOT)));
        }
        problems.add(n.get(), name(key) + ": expected true or false" + found(n.get()));
        return Optional.empty();
    }

    /** One text value or a list of them ({@code folders: INBOX} or {@code folders: [INBOX, Sent]}). */
    List<Scalar> strings(String key, String expected) {
        Optional<Node> n = node(key);
        if (n.isEmpty()) {
            return List.of();
        }
        List<Node> items = n.get() instanceof SequenceNode seq ? seq.getValue() : List.of(n.get());
        List<Scalar> out = new ArrayList<>();
        for (Node item : items) {
            if (item instanceof ScalarNode s && s.getTag() != Tag.NULL && !s.getValue().isBlank()) {
                out.add(new Scalar(s.getValue().strip(), Problems.lineOf(s)));
            } else {
                problems.add(item, name(key) + ": expected " + expected + " or a list of them" + found(item));
            }
        }
        return out;
    }

    Optional<YamlMapping> mapping(String key, List<String> keys) {
        return node(key).map(n -> of(n, name(key), problems, keys));
    }

    /** Reports every key outside the allowed set, suggesting the closest allowed key. */
    void rejectUnknownKeys() {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            String key = e.getKey();
            if (allowed.contains(key) || handled.contains(key)) {
                continue;
            }
            String hint = closest(key).map(k -> "; did you mean '" + k + "'?").orElse("");
            problems.add(e.getValue().getKeyNode(), name(key) + ": unknown key" + hint + " (expected one of: "
                    + String.join(", ", allowed) + ")");
        }
    }

    private Optional<String> closest(String key) {
        String best = null;
        int bestDistance = 3;
        for (String a : allowed) {
            int d = distance(key.toLowerCase(Locale.ROOT), a);
            if (d < bestDistance) {
                best = a;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance: how many single-character edits turn {@code a} into {@code b}. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int subst = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(subst, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String found(Node n) {
        if (n instanceof ScalarNode s) {
            return s.getTag() == Tag.NULL || s.getValue().isBlank() ? ", got nothing" : ", got '" + s.getValue() + "'";
        }
        return n instanceof SequenceNode ? ", got a list" : n instanceof MappingNode ? ", got a mapping" : "";
    }
}
