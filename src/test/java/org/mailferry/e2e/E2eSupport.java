package org.mailferry.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.mailferry.testing.TestImapServer;

/** Shared wiring of end-to-end tests: the test server, a CLI with a private state directory. */
final class E2eSupport {

    private E2eSupport() {
    }

    static MailferryCli cli(Path work) {
        return new MailferryCli(work, Map.of("MAILFERRY_STATE_DIR", work.resolve("state").toString()));
    }

    static String imaps(TestImapServer server, String user) {
        return "imaps://" + user + "@" + server.host() + ":" + server.imapsPort();
    }

    /** Arguments a backup of {@code user} needs besides source and target. */
    static List<String> credentials(TestImapServer server, String user) {
        return List.of("--password-file", server.passwordFile(user).toString(), "--trust-cert", server.cert().toString());
    }

    static String[] args(Object... parts) {
        List<String> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof List<?> l) {
                l.forEach(x -> out.add(String.valueOf(x)));
            } else if (p instanceof String[] a) {
                out.addAll(List.of(a));
            } else {
                out.add(String.valueOf(p));
            }
        }
        return out.toArray(String[]::new);
    }

    /** The {@code totals} object of a {@code --json} summary. */
    static tools.jackson.databind.JsonNode totals(String jsonOut) {
        return org.mailferry.util.Json.MAPPER.readTree(jsonOut).path("totals");
    }

    /** Message files in a Maildir tree (cur/ and new/ of every folder). */
    static long maildirMessages(Path root) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> {
                        String parent = p.getParent().getFileName().toString();
                        return parent.equals("cur") || parent.equals("new");
                    }).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0; // the tree changes under our feet while a backup runs
        }
    }

    /** Index lines of every mbox index in the tree (one per message, plus headers and flag lines). */
    static long mboxIndexedMessages(Path root) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".mbox.index")).mapToLong(p -> {
                try (Stream<String> lines = Files.lines(p)) {
                    return lines.filter(l -> l.contains("\"offset\"")).count();
                } catch (IOException | java.io.UncheckedIOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }
}
