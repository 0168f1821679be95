package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;
import static org.mailferry.e2e.E2eSupport.credentials;
import static org.mailferry.e2e.E2eSupport.imaps;

import jakarta.mail.Flags;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;
import org.mailferry.util.Json;
import tools.jackson.databind.JsonNode;

/**
 * "The invoice Bob sent in March": {@code ls} and {@code search} find it in the archive, and
 * {@code restore --uid} / {@code --message-id} bring back just that message, once, without
 * keeping a later full restore from bringing back the rest.
 */
class FindAndRestoreEndToEndTest {

    private static final String SOURCE = TestImapServer.user(71);
    private static final String TARGET = TestImapServer.user(72);
    private static final String INVOICE_ID = "<invoice-2026-03@bob.example.org>";

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"maildir", "mbox"})
    void findTheInvoiceThenRestoreOnlyIt(String format) throws Exception {
        server.resetUser(SOURCE);
        server.fillCorpus(SOURCE, "demo", 71, "--messages", "60"); // 5 folders; finding one message is the point
        try (MailboxEditor editor = new MailboxEditor(server, SOURCE)) {
            editor.append("Work", "Bob Builder <bob@bob.example.org>", "Invoice March – Rechnung März", INVOICE_ID,
                    new Flags(Flags.Flag.SEEN), new Date(1_773_568_800_000L)); // 2026-03-15
        }
        ImapSnapshot source = ImapSnapshot.take(server, SOURCE);

        String archive = format + ":" + work.resolve("archive");
        MailferryCli cli = E2eSupport.cli(work);
        assertThat(cli.run(args("backup", "--source", imaps(server, SOURCE), "--to", archive,
                credentials(server, SOURCE))).exitCode()).isZero();
        assertThat(indexedMessages(work.resolve("archive"))).as("the backup wrote the header index as it went")
                .isEqualTo(source.size());

        MailferryCli.Result ls = cli.run("ls", archive);
        assertThat(ls.exitCode()).as(ls.toString()).isZero();
        for (String folder : source.folders()) {
            assertThat(ls.out()).containsPattern("(?m)^" + java.util.regex.Pattern.quote(folder) + "\\s+"
                    + source.inFolder(folder).size() + "\\s");
        }
        MailferryCli.Result page = cli.run("ls", archive, "INBOX", "--limit", "2");
        assertThat(page.out().lines().filter(l -> l.matches("\\s*\\d+  \\d{4}-.*"))).hasSize(2);
        assertThat(page.out()).contains("--offset 2");

        MailferryCli.Result search = cli.run("search", archive, "--from", "bob", "--subject", "rechnung",
                "--since", "2026-03-01", "--before", "2026-04-01", "--json");
        assertThat(search.exitCode()).as(search.toString()).isZero();
        JsonNode matches = Json.MAPPER.readTree(search.out()).path("matches");
        assertThat(matches).hasSize(1);
        String folder = matches.get(0).path("folder").asString();
        long uid = matches.get(0).path("uid").asLong();
        assertThat(folder).isEqualTo("Work");
        assertThat(matches.get(0).path("subject").asString()).isEqualTo("Invoice March – Rechnung März");
        assertThat(cli.run("search", archive, "--from", "bob@bob.example.org", "--before", "2026-03-01").out())
                .contains("no message matches");
        try (var cached = java.nio.file.Files.list(work.resolve("archive").resolve("mailferry-catalog"))) {
            assertThat(cached).as("the header index the searches built").isNotEmpty();
        }
        try (MailboxEditor editor = new MailboxEditor(server, SOURCE)) {
            editor.append("Work", "Bob Builder <bob@bob.example.org>", "Rechnung April", "<invoice-2026-04@bob.example.org>",
                    new Flags(), new Date(1_775_728_800_000L)); // 2026-04-09
        }
        assertThat(cli.run(args("backup", "--source", imaps(server, SOURCE), "--to", archive,
                credentials(server, SOURCE))).exitCode()).isZero();
        MailferryCli.Result both = cli.run("search", archive, "--from", "bob@bob.example.org", "--json");
        assertThat(Json.MAPPER.readTree(both.out()).path("matches")).as("the index learns new mail").hasSize(2);
        MailferryCli.Result verify = cli.run("verify", archive);
        assertThat(verify.exitCode()).as("the catalog is no damage: " + verify).isZero();
        ImapSnapshot now = ImapSnapshot.take(server, SOURCE);

        Path eml = work.resolve("for-the-accountant");
        MailferryCli.Result export = cli.run("export", "--from", archive, "--format", "eml", "--to", eml.toString(),
                "--message-id", INVOICE_ID);
        assertThat(export.exitCode()).as(export.toString()).isZero();
        Path file = eml.resolve("Work").resolve(uid + ".eml");
        assertThat(org.mailferry.archive.Sha256.of(java.nio.file.Files.newInputStream(file))).isEqualTo(invoice(source, uid).sha256());
        assertThat(java.nio.file.Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(java.nio.file.Files.getLastModifiedTime(file).toInstant()).isEqualTo(invoice(source, uid).internalDate());
        try (var all = java.nio.file.Files.walk(eml)) {
            assertThat(all.filter(java.nio.file.Files::isRegularFile)).hasSize(1);
        }

        server.resetUser(TARGET);
        List<String> restoreOne = List.of("restore", "--from", archive, "--target", imaps(server, TARGET),
                "--uid", folder + ":" + uid);
        MailferryCli.Result one = cli.run(args(restoreOne, credentials(server, TARGET)));
        assertThat(one.exitCode()).as(one.toString()).isZero();
        ImapSnapshot restored = ImapSnapshot.take(server, TARGET);
        assertThat(restored.messages()).singleElement()
                .satisfies(m -> assertThat(m.sha256()).isEqualTo(invoice(source, uid).sha256()));

        MailferryCli.Result again = cli.run(args("restore", "--from", archive, "--target", imaps(server, TARGET),
                "--message-id", INVOICE_ID, credentials(server, TARGET)));
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(ImapSnapshot.countMessages(server, TARGET)).as("found on the target, not sent twice").isEqualTo(1);

        // by size: the archived RFC822.SIZE, bounds exclusive, in search and restore alike
        ImapSnapshot archived = ArchiveSnapshot.take(archive);
        long median = archived.messages().stream().mapToLong(ImapSnapshot.SnapshotMessage::size).sorted()
                .skip(archived.messages().size() / 2).findFirst().orElseThrow();
        java.util.Set<String> expected = new java.util.TreeSet<>();
        archived.messages().stream().filter(m -> m.size() < median).forEach(m -> expected.add(m.folder() + ":" + m.uid()));
        long smaller = expected.size();
        MailferryCli.Result small = cli.run("search", archive, "--smaller-than", String.valueOf(median), "--limit", "10000", "--json");
        java.util.Set<String> found = new java.util.TreeSet<>();
        Json.MAPPER.readTree(small.out()).path("matches").forEach(m -> found.add(m.path("folder").asString() + ":"
                + m.path("uid").asLong()));
        assertThat(found).as(small.toString()).isEqualTo(expected);
        MailferryCli.Result sized = cli.run(args("restore", "--from", archive, "--target", imaps(server, TARGET),
                "--smaller-than", String.valueOf(median), credentials(server, TARGET)));
        assertThat(sized.exitCode()).as(sized.toString()).isZero();
        boolean invoiceSmaller = expected.contains(folder + ":" + uid);
        assertThat(ImapSnapshot.countMessages(server, TARGET)).as("the smaller half, and the invoice restored before")
                .isEqualTo(smaller + (invoiceSmaller ? 0 : 1));

        MailferryCli.Result all = cli.run(args("restore", "--from", archive, "--target", imaps(server, TARGET),
                credentials(server, TARGET)));
        assertThat(all.exitCode()).as(all.toString()).isZero();
        assertThat(ImapSnapshot.diff(now, ImapSnapshot.take(server, TARGET),
                ImapSnapshot.DiffOptions.DEFAULT.allowingMissingEmptyFolders())).as("the single restores kept nothing back")
                .isEmpty();
    }

    /** Message lines of the archive's header index files (each starts with a line naming its folder). */
    private static long indexedMessages(java.nio.file.Path archive) throws java.io.IOException {
        long n = 0;
        try (var files = java.nio.file.Files.list(archive.resolve("mailferry-catalog"))) {
            for (java.nio.file.Path f : files.toList()) {
                n += java.nio.file.Files.readAllLines(f).stream().filter(l -> l.contains("\"uid\"")).count();
            }
        }
        return n;
    }

    @Test
    void restoringSingleMessagesIntoAnArchiveShouldBeRefused() throws Exception {
        MailferryCli.Result r = E2eSupport.cli(work).run("restore", "--from", "maildir:" + work.resolve("a"),
                "--target", "mbox:" + work.resolve("b"), "--uid", "INBOX:1");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("can only be restored into a mailbox");
    }

    private static ImapSnapshot.SnapshotMessage invoice(ImapSnapshot source, long uid) {
        return source.inFolder("Work").stream().filter(m -> m.uid() == uid).findFirst().orElseThrow();
    }
}
