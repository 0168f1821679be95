package org.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.cli.Main;
import org.mailferry.testing.ScriptedImapServer;
import org.mailferry.testing.ScriptedImapServer.Message;
import org.mailferry.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * Backups from a server that answers other than it was asked (issue 12): what the user sees —
 * exit code, summary, archive content — when the server sends UIDs it was not asked for, UID 0,
 * two answers for one UID, unreadable INTERNALDATEs, ranged answers without end, a literal of
 * 2,000,000,000 bytes, or no valid UIDVALIDITY. Runs the CLI in-process against
 * {@link ScriptedImapServer}, plain and TLS.
 */
class MisbehavingServerBackupTest {

    private static final Pattern UID = Pattern.compile(",U=(\\d+),");

    @TempDir
    Path work;

    private Path passwordFile;

    @BeforeEach
    void password() throws IOException {
        passwordFile = work.resolve("pw");
        Files.writeString(passwordFile, "anything\n");
    }

    private record Run(int exitCode, String out, String err) {
        JsonNode json() {
            return Json.MAPPER.readTree(out);
        }

        JsonNode folder(String name) {
            for (JsonNode f : json().path("folders")) {
                if (f.path("folder").asString().equals(name)) {
                    return f;
                }
            }
            throw new AssertionError("no folder " + name + " in " + out);
        }
    }

    private Run backup(ScriptedImapServer server, String to, String... more) {
        List<String> args = new ArrayList<>(List.of("backup", "--source",
                "imap://tester@127.0.0.1:" + server.port() + "?starttls=none", "--to", to,
                "--password-file", passwordFile.toString(), "--state-dir", work.resolve("state").toString(),
                "--no-progress", "--insecure")); // a plain test server: no password crosses a real network
        args.addAll(List.of(more));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private static String text(int n) {
        return "Subject: message " + n + "\r\nDate: Tue, 3 Nov 2026 10:0" + n + ":00 +0000\r\n\r\nbody " + n + "\r\n";
    }

    private static List<Message> three() {
        return List.of(Message.of(1, text(1)), Message.of(2, text(2)), Message.of(3, text(3)));
    }

    /** UID -> bytes of the messages in a Maildir folder. */
    private static Map<Long, String> maildir(Path dir) throws IOException {
        Map<Long, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir.resolve("cur"))) {
            for (Path f : files.toList()) {
                Matcher m = UID.matcher(f.getFileName().toString());
                assertThat(m.find()).as(f.toString()).isTrue();
                out.put(Long.parseLong(m.group(1)), Files.readString(f, StandardCharsets.ISO_8859_1));
            }
        }
        return out;
    }

    @Test
    void aResponseForAUidNotAskedForShouldBeDroppedCountedAndNeverMoveTheCursor() throws Exception {
        Path archive = work.resolve("archive");
        String evil = "Subject: not asked for\r\n\r\nx\r\n";
        try (ScriptedImapServer server = new ScriptedImapServer(three())) {
            server.extraBodyResponses("* 3 FETCH (UID 99999 BODY[] {" + evil.length() + "}\r\n" + evil + ")\r\n");
            Run r = backup(server, "maildir:" + archive, "--json");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.folder("INBOX").path("anomalies").path("unrequestedResponses").asLong()).isEqualTo(1);
            assertThat(maildir(archive)).isEqualTo(Map.of(1L, text(1), 2L, text(2), 3L, text(3)));
        }
        // the cursor stayed at 3: a message 4 arriving later is backed up by the next run
        List<Message> four = new ArrayList<>(three());
        four.add(Message.of(4, text(4)));
        try (ScriptedImapServer server = new ScriptedImapServer(four)) {
            Run r = backup(server, "maildir:" + archive);

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(maildir(archive)).containsOnlyKeys(1L, 2L, 3L, 4L).containsEntry(4L, text(4));
        }
    }

    @Test
    void uidZeroAndASecondAnswerForOneUidShouldBeDroppedKeepingTheBytesFirstSent() throws Exception {
        Path archive = work.resolve("archive");
        String other = "Subject: an impostor\r\n\r\nother bytes\r\n";
        try (ScriptedImapServer server = new ScriptedImapServer(three())) {
            server.extraBodyResponses("* 1 FETCH (UID 0 BODY[] {" + other.length() + "}\r\n" + other + ")\r\n"
                    + "* 2 FETCH (UID 2 BODY[] {" + other.length() + "}\r\n" + other + ")\r\n");
            Run r = backup(server, "maildir:" + archive);

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("server anomalies: INBOX: 1 responses for UIDs not asked for (dropped); "
                    + "1 repeated responses for one UID (dropped, the first kept)");
            assertThat(maildir(archive)).isEqualTo(Map.of(1L, text(1), 2L, text(2), 3L, text(3)));
        }
    }

    @Test
    void anUnreadableInternalDateShouldCostNoMessage() throws Exception {
        Path archive = work.resolve("archive");
        try (ScriptedImapServer server = new ScriptedImapServer(List.of(Message.of(1, text(1)),
                new Message(2, text(2).length(), text(2).getBytes(StandardCharsets.ISO_8859_1), "32-Foo-2026 99:99:99"),
                Message.of(3, text(3))))) {
            Run r = backup(server, "mbox:" + archive, "--json");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.folder("INBOX").path("anomalies").path("datesSubstituted").asLong()).isEqualTo(1);
            assertThat(r.json().path("totals").path("copied").asLong()).isEqualTo(3);
            List<JsonNode> index = mboxIndex(archive.resolve("INBOX.mbox.index"));
            assertThat(index).extracting(n -> n.path("uid").asLong()).containsExactly(1L, 2L, 3L);
            assertThat(index.get(1).path("internalDate").asString()).isEqualTo("2026-11-03T10:02:00Z");
            assertThat(index.get(1).path("dateSubstituted").asBoolean()).isTrue();
            assertThat(index.get(0).has("dateSubstituted")).isFalse();

            Path maildir = work.resolve("maildir");
            Run m = backup(server, "maildir:" + maildir);
            assertThat(m.exitCode()).as(m.toString()).isZero();
            assertThat(Files.readAllLines(maildir.resolve("mailferry-checksums.jsonl")))
                    .filteredOn(l -> l.contains("\"dateSubstituted\":true")).hasSize(1).allMatch(l -> l.contains("\"uid\":2"));
            try (Stream<Path> files = Files.list(maildir.resolve("cur"))) {
                Path two = files.filter(f -> f.getFileName().toString().contains(",U=2,")).findFirst().orElseThrow();
                assertThat(Files.getLastModifiedTime(two).toInstant()).isEqualTo(Instant.parse("2026-11-03T10:02:00Z"));
            }
        }
    }

    @Test
    void aWholePageOfUnreadableInternalDatesShouldBeBackedUpWithFallbackDates() throws Exception {
        Path archive = work.resolve("archive");
        String noDate = "Subject: no date at all\r\n\r\nbody\r\n";
        Instant before = Instant.now().minusSeconds(1);
        try (ScriptedImapServer server = new ScriptedImapServer(List.of(
                new Message(1, text(1).length(), text(1).getBytes(StandardCharsets.ISO_8859_1), "garbage"),
                new Message(2, noDate.length(), noDate.getBytes(StandardCharsets.ISO_8859_1), "garbage")))) {
            Run r = backup(server, "mbox:" + archive, "--json");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.folder("INBOX").path("anomalies").path("datesSubstituted").asLong()).isEqualTo(2);
            List<JsonNode> index = mboxIndex(archive.resolve("INBOX.mbox.index"));
            assertThat(index).extracting(n -> n.path("uid").asLong()).containsExactly(1L, 2L);
            assertThat(index.get(0).path("internalDate").asString()).isEqualTo("2026-11-03T10:01:00Z");
            assertThat(Instant.parse(index.get(1).path("internalDate").asString())).isAfter(before);
        }
    }

    @Test
    void rangedAnswersWithoutEndShouldMarkTheMessageDamagedNotFillTheDisk() throws Exception {
        Path archive = work.resolve("archive");
        byte[] big = new byte[2 << 20];
        java.util.Arrays.fill(big, (byte) 'a');
        try (ScriptedImapServer server = new ScriptedImapServer(List.of(Message.of(1, text(1)),
                new Message(2, big.length, big), Message.of(3, text(3))))) {
            server.endlessRanges();
            Run r = backup(server, "maildir:" + archive);

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.out()).contains("skipped: INBOX: UID 2: damaged on the server");
            assertThat(maildir(archive)).isEqualTo(Map.of(1L, text(1), 3L, text(3)));
        }
        assertThat(spoolFiles()).isEmpty();
    }

    @Test
    void aLiteralOfTwoBillionBytesShouldBeRefusedBeforeAnyAllocation() throws Exception {
        Path archive = work.resolve("archive");
        try (ScriptedImapServer server = new ScriptedImapServer(three())) {
            server.hugeLiteralFor(2);
            Run r = backup(server, "maildir:" + archive);

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.out()).contains("skipped: INBOX: UID 2: damaged on the server")
                    .contains("announced a literal of 2000000000 bytes");
            assertThat(maildir(archive)).isEqualTo(Map.of(1L, text(1), 3L, text(3)));
        }
    }

    @Test
    void aCompleteBodyOfAnotherSizeThanAnnouncedShouldBeKeptWithItsRealSizeAndCounted() throws Exception {
        Path archive = work.resolve("archive");
        byte[] two = text(2).getBytes(StandardCharsets.ISO_8859_1);
        try (ScriptedImapServer server = new ScriptedImapServer(List.of(Message.of(1, text(1)),
                new Message(2, two.length - 7, two), Message.of(3, text(3))))) {
            Run r = backup(server, "mbox:" + archive, "--json");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.folder("INBOX").path("anomalies").path("sizeMismatches").asLong()).isEqualTo(1);
            List<JsonNode> index = mboxIndex(archive.resolve("INBOX.mbox.index"));
            assertThat(index.get(1).path("size").asLong()).isEqualTo(two.length);
        }
    }

    @Test
    void aFolderWithoutValidUidValidityShouldFailAloneWhileTheOthersAreBackedUp() throws Exception {
        Path archive = work.resolve("archive");
        try (ScriptedImapServer server = ScriptedImapServer.plain(Map.of("INBOX", three(),
                "Zero", List.of(Message.of(1, text(1))), "Missing", List.of(Message.of(1, text(1))),
                "Beyond32Bits", List.of(Message.of(1, text(1)))))) {
            server.uidValidity("Zero", "0").uidValidity("Missing", null).uidValidity("Beyond32Bits", "4294967296");
            Run r = backup(server, "maildir:" + archive);

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.out()).contains("failed: Zero: ").contains("failed: Missing: ").contains("UIDVALIDITY")
                    .contains("failed: Beyond32Bits: Beyond32Bits on 127.0.0.1:" + server.port()
                            + " has no valid UIDVALIDITY (4294967296)");
            assertThat(maildir(archive)).isEqualTo(Map.of(1L, text(1), 2L, text(2), 3L, text(3)));
            for (String failed : List.of(".Zero", ".Missing", ".Beyond32Bits")) {
                Path cur = archive.resolve(failed).resolve("cur");
                if (Files.isDirectory(cur)) {
                    try (Stream<Path> files = Files.list(cur)) {
                        assertThat(files).as("nothing stored in " + failed).isEmpty();
                    }
                }
            }
        }
    }

    @Test
    void overTlsUnrequestedAnswersAndAHugeLiteralShouldBeHandledTheSameWay() throws Exception {
        Path archive = work.resolve("archive");
        String evil = "Subject: not asked for\r\n\r\nx\r\n";
        try (ScriptedImapServer server = ScriptedImapServer.tls(Map.of("INBOX", three()), work)) {
            server.hugeLiteralFor(3).extraBodyResponses(
                    "* 9 FETCH (UID 99999 BODY[] {" + evil.length() + "}\r\n" + evil + ")\r\n");
            List<String> args = new ArrayList<>(List.of("backup", "--source",
                    "imaps://tester@127.0.0.1:" + server.port(), "--to", "maildir:" + archive,
                    "--trust-cert", ScriptedImapServer.certificate(work).toString(),
                    "--password-file", passwordFile.toString(), "--state-dir", work.resolve("state").toString(),
                    "--no-progress"));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));

            assertThat(code).as(out + "\n" + err).isEqualTo(3);
            assertThat(out.toString()).contains("skipped: INBOX: UID 3: damaged on the server")
                    .contains("responses for UIDs not asked for (dropped)");
            assertThat(maildir(archive)).isEqualTo(Map.of(1L, text(1), 2L, text(2)));
        }
    }

    @Test
    void aMessageWhoseMetadataComesWithoutRfc822SizeShouldBeReportedNotPassedOver() throws Exception {
        Path archive = work.resolve("archive");
        try (ScriptedImapServer server = new ScriptedImapServer(three())) {
            server.rewrite((cmd, reply) -> cmd.startsWith("UID FETCH") && !cmd.contains("BODY.PEEK[]")
                    ? reply.replaceAll("UID 2 RFC822\\.SIZE \\d+ ", "UID 2 ") : reply);
            Run r = backup(server, "maildir:" + archive);

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.out()).contains("skipped: INBOX: UID 2: the server sent no RFC822.SIZE for UID 2");
            assertThat(maildir(archive)).isEqualTo(Map.of(1L, text(1), 3L, text(3)));

            server.rewrite((cmd, reply) -> reply); // the server mends its ways: the next run fetches UID 2
            Run again = backup(server, "maildir:" + archive);
            assertThat(again.exitCode()).as(again.toString()).isZero();
            assertThat(maildir(archive)).isEqualTo(Map.of(1L, text(1), 2L, text(2), 3L, text(3)));
        }
    }

    @Test
    void aMessageTheServerListsButNeverAnswersForShouldBeReportedWhileAnExpungedOneIsNot() throws Exception {
        Path archive = work.resolve("archive");
        try (ScriptedImapServer server = new ScriptedImapServer(three())) {
            // UID 2 is listed by every SEARCH but left out of every metadata FETCH answer
            server.rewrite((cmd, reply) -> cmd.startsWith("UID FETCH") && !cmd.contains("BODY.PEEK[]")
                    ? reply.replaceAll("\\* 2 FETCH \\(UID 2 [^\\r]*\\r\\n", "") : reply);
            Run r = backup(server, "maildir:" + archive);

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
            assertThat(r.out()).contains("skipped: INBOX: UID 2: the server lists UID 2 but sent no metadata for it");
            assertThat(maildir(archive)).isEqualTo(Map.of(1L, text(1), 3L, text(3)));
        }
        Path other = work.resolve("other");
        try (ScriptedImapServer server = new ScriptedImapServer(three())) {
            // expunged between SEARCH and FETCH: gone from the server, nothing to report
            server.rewrite((cmd, reply) -> cmd.startsWith("UID SEARCH") && cmd.contains(",") || cmd.equals("UID SEARCH UID 2")
                    ? "* SEARCH\r\n"
                    : cmd.startsWith("UID FETCH") && !cmd.contains("BODY.PEEK[]")
                    ? reply.replaceAll("\\* 2 FETCH \\(UID 2 [^\\r]*\\r\\n", "") : reply);
            Run r = backup(server, "maildir:" + other);

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(maildir(other)).isEqualTo(Map.of(1L, text(1), 3L, text(3)));
        }
    }

    @Test
    void anInternalDateOutOfRangeShouldBeReplacedLikeAnUnreadableOne() throws Exception {
        Path archive = work.resolve("archive");
        String noDate = "Subject: no date either\r\n\r\nbody\r\n";
        String farDate = "Subject: far\r\nDate: Fri, 31 Dec 9999 23:59:59 -1200\r\n\r\nbody\r\n";
        Instant before = Instant.now().minusSeconds(1);
        try (ScriptedImapServer server = new ScriptedImapServer(List.of(
                new Message(1, text(1).length(), text(1).getBytes(StandardCharsets.ISO_8859_1), "31-Dec-9999 23:59:59 -1200"),
                new Message(2, text(2).length(), text(2).getBytes(StandardCharsets.ISO_8859_1), "01-Jan-1800 00:00:00 +0000"),
                new Message(3, farDate.length(), farDate.getBytes(StandardCharsets.ISO_8859_1), "01-Jan-1969 00:00:00 +0000"),
                new Message(4, noDate.length(), noDate.getBytes(StandardCharsets.ISO_8859_1), "05-Nov-2026 09:03:02 +0000")))) {
            Run r = backup(server, "mbox:" + archive, "--json");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.folder("INBOX").path("anomalies").path("datesSubstituted").asLong()).isEqualTo(3);
            List<JsonNode> index = mboxIndex(archive.resolve("INBOX.mbox.index"));
            assertThat(index).extracting(n -> n.path("uid").asLong()).containsExactly(1L, 2L, 3L, 4L);
            assertThat(index).extracting(n -> n.path("dateSubstituted").asBoolean()).containsExactly(true, true, true, false);
            assertThat(index.get(0).path("internalDate").asString()).isEqualTo("2026-11-03T10:01:00Z");
            assertThat(index.get(1).path("internalDate").asString()).isEqualTo("2026-11-03T10:02:00Z");
            assertThat(Instant.parse(index.get(2).path("internalDate").asString())).isAfter(before);
            assertThat(Files.readAllLines(archive.resolve("INBOX.mbox"), StandardCharsets.ISO_8859_1))
                    .filteredOn(l -> l.startsWith("From ")).hasSize(4).allMatch(l -> l.matches("From \\S+ .* 20\\d\\d"));
        }
    }

    @Test
    void aFolderListingLargerThanAnyAccountHasShouldBeRefusedNotHeldInMemory() throws Exception {
        String name = "x".repeat(7 << 20);
        try (ScriptedImapServer server = new ScriptedImapServer(three())) {
            server.rewrite((cmd, reply) -> cmd.startsWith("LIST") && !cmd.contains("\"\" \"\"")
                    ? ("* LIST (\\HasNoChildren) \"/\" {" + name.length() + "}\r\n" + name + "\r\n").repeat(5) + reply
                    : reply);
            Run r = backup(server, "maildir:" + work.resolve("archive"));

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(11);
            assertThat(r.err()).contains("lost during LIST")
                    .contains("the server announced a literal of 7340032 bytes where at most ");
        }
    }

    @Test
    void aSearchThatLeavesAMessageOutShouldNotCostItWhenTheFolderCountsMore() throws Exception {
        Path archive = work.resolve("archive");
        try (ScriptedImapServer server = new ScriptedImapServer(three())) {
            server.rewrite((cmd, reply) -> cmd.startsWith("UID SEARCH") ? reply.replace(" 2", "") : reply);
            Run r = backup(server, "mbox:" + archive);

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(mboxIndex(archive.resolve("INBOX.mbox.index"))).extracting(n -> n.path("uid").asLong())
                    .containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void aSearchThatLeavesANewMessageOutOfAnIncrementalRunShouldNotCostIt() throws Exception {
        Path archive = work.resolve("archive");
        List<Message> all = three();
        try (ScriptedImapServer server = new ScriptedImapServer(all.subList(0, 1))) {
            assertThat(backup(server, "mbox:" + archive).exitCode()).isZero();
            server.messages(all); // two new messages; SEARCH names only the last of them
            server.rewrite((cmd, reply) -> cmd.startsWith("UID SEARCH") ? reply.replace(" 2", "") : reply);
            Run r = backup(server, "mbox:" + archive);

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(mboxIndex(archive.resolve("INBOX.mbox.index"))).extracting(n -> n.path("uid").asLong())
                    .containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void flagAnswersForUidsNotAskedForOrRepeatedShouldBeDroppedAndCounted() throws Exception {
        Path archive = work.resolve("archive");
        try (ScriptedImapServer server = new ScriptedImapServer(three())) {
            assertThat(backup(server, "maildir:" + archive).exitCode()).isZero();
            server.rewrite((cmd, reply) -> cmd.startsWith("UID FETCH 1:3 (UID FLAGS)")
                    ? reply + "* 1 FETCH (UID 0 FLAGS (\\Flagged))\r\n* 2 FETCH (UID 2 FLAGS (\\Deleted \\Flagged))\r\n"
                            + "* 9 FETCH (UID 99999 FLAGS (\\Seen))\r\n"
                    : reply);
            Run r = backup(server, "maildir:" + archive, "--json");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.folder("INBOX").path("anomalies").path("unrequestedResponses").asLong()).isEqualTo(2);
            assertThat(r.folder("INBOX").path("anomalies").path("duplicateResponses").asLong()).isEqualTo(1);
            try (Stream<Path> files = Files.list(archive.resolve("cur"))) {
                assertThat(files.map(f -> f.getFileName().toString())).hasSize(3).allMatch(f -> f.endsWith(":2,"));
            }
        }
    }

    @Test
    void rangedAnswersShorterThanAskedShouldBeFollowedToTheEndOfTheMessage() throws Exception {
        Path archive = work.resolve("archive");
        StringBuilder big = new StringBuilder("Subject: big\r\n\r\n");
        while (big.length() < (3 << 20)) {
            big.append("line ").append(big.length()).append("\r\n");
        }
        try (ScriptedImapServer server = new ScriptedImapServer(List.of(Message.of(1, text(1)),
                Message.of(2, big.toString()), Message.of(3, text(3))))) {
            server.capRanges(300_000);
            Run r = backup(server, "maildir:" + archive, "--json");

            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.folder("INBOX").path("anomalies").path("sizeMismatches").asLong()).isZero();
            assertThat(maildir(archive)).isEqualTo(Map.of(1L, text(1), 2L, big.toString(), 3L, text(3)));
        }
    }

    private static List<JsonNode> mboxIndex(Path index) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(index)) {
            JsonNode n = Json.MAPPER.readTree(line);
            if (n.has("offset")) {
                out.add(n);
            }
        }
        return out;
    }

    private List<Path> spoolFiles() throws IOException {
        Path spool = work.resolve("state/spool");
        if (!Files.exists(spool)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(spool)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
