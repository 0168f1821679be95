package org.mailferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailferry.e2e.E2eSupport.args;
import static org.mailferry.e2e.E2eSupport.credentials;
import static org.mailferry.e2e.E2eSupport.imaps;

import jakarta.mail.Flags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.testing.ImapSnapshot;
import org.mailferry.testing.TestImapServer;
import tools.jackson.databind.JsonNode;

/**
 * {@code backup --dedupe} against the test Dovecot: a mailbox whose INBOX was copied into two more
 * folders is stored once (one inode per message, hard links in the copies), each folder complete
 * message by message; an incremental run, a flag change and an expunge in one copy leave the
 * others intact; verify passes; the archive restores exactly; a job file says the same.
 */
class DedupeEndToEndTest {

    private static final String USER = TestImapServer.user(45);
    private static final String TARGET = TestImapServer.user(78);
    private static final List<String> COPIES = List.of("INBOX", "CopyOne", "CopyTwo");

    private final TestImapServer server = TestImapServer.get();

    @TempDir
    Path work;

    @Test
    void backupDedupeShouldStoreCopiedMessagesOnceAndKeepEveryFolderCompleteThroughChangesAndRestore()
            throws Exception {
        server.resetUser(USER);
        server.fillCorpus(USER, "demo", 45, "--messages", "40");
        try (MailboxEditor edit = new MailboxEditor(server, USER)) {
            edit.copy("INBOX", "CopyOne");
            edit.copy("INBOX", "CopyTwo");
        }
        ImapSnapshot source = ImapSnapshot.take(server, USER);
        List<ImapSnapshot.SnapshotMessage> inbox = source.inFolder("INBOX");
        long inboxBytes = inbox.stream().mapToLong(ImapSnapshot.SnapshotMessage::size).sum();
        assertThat(inbox).hasSizeGreaterThan(10);
        Path root = work.resolve("archive");
        String target = "maildir:" + root;
        MailferryCli cli = E2eSupport.cli(work);
        String[] backup = args("backup", "--source", imaps(server, USER), "--to", target, "--dedupe", "--json",
                credentials(server, USER));

        MailferryCli.Result first = cli.run(backup);

        assertThat(first.exitCode()).as(first.toString()).isZero();
        JsonNode links = E2eSupport.totals(first.out()).path("links");
        assertThat(links.path("linked").asLong()).isEqualTo(2L * inbox.size());
        assertThat(links.path("bytesSaved").asLong()).isEqualTo(2 * inboxBytes);
        assertThat(links.path("notLinked").asLong()).isZero();
        assertThat(ImapSnapshot.diff(source, ArchiveSnapshot.take(target))).isEmpty();
        Map<Object, Long> inodes = inodes(root);
        assertThat(inodes).hasSize(inbox.size());
        assertThat(inodes.values().stream().mapToLong(Long::longValue).sum()).as("bytes on disk").isEqualTo(inboxBytes);
        assertThat(linkCounts(root)).containsOnly(3);

        ImapSnapshot.SnapshotMessage flagged = source.inFolder("CopyOne").stream()
                .filter(m -> !m.flags().contains("\\Flagged")).findFirst().orElseThrow();
        ImapSnapshot.SnapshotMessage expunged = source.inFolder("CopyTwo").get(2);
        try (MailboxEditor edit = new MailboxEditor(server, USER)) {
            edit.append("INBOX", "arrived later", new Flags(), new Date(1_700_000_000_000L));
            long newest = ImapSnapshot.take(server, USER).inFolder("INBOX").stream()
                    .mapToLong(ImapSnapshot.SnapshotMessage::uid).max().orElseThrow();
            edit.copy("INBOX", "CopyOne", newest);
            edit.flag("CopyOne", flagged.uid(), new Flags(Flags.Flag.FLAGGED), true);
            edit.expunge("CopyTwo", expunged.uid());
        }
        ImapSnapshot now = ImapSnapshot.take(server, USER);

        MailferryCli.Result second = cli.run(args(backup, "--keep-deleted-for", "0"));

        assertThat(second.exitCode()).as(second.toString()).isZero();
        JsonNode totals = E2eSupport.totals(second.out());
        assertThat(totals.path("links").path("linked").asLong()).as("the new message in CopyOne").isEqualTo(1);
        assertThat(totals.path("deleted").asLong()).isEqualTo(1);
        assertThat(totals.path("flagUpdates").asLong()).isEqualTo(1);
        assertThat(ImapSnapshot.diff(now, ArchiveSnapshot.take(target))).isEmpty();
        assertThat(inodes(root)).hasSize(inbox.size() + 1);
        assertThat(linkCounts(root)).containsOnly(2, 3);

        MailferryCli.Result verify = cli.run("verify", target);
        assertThat(verify.exitCode()).as(verify.toString()).isZero();

        server.resetUser(TARGET);
        MailferryCli.Result restore = cli.run(args("restore", "--from", target, "--target", imaps(server, TARGET),
                "--json", credentials(server, TARGET)));
        assertThat(restore.exitCode()).as(restore.toString()).isZero();
        assertThat(ImapSnapshot.diff(now, ImapSnapshot.take(server, TARGET))).isEmpty();

        Path jobArchive = work.resolve("job-archive");
        Path job = RunJobFiles.backupJob(work.resolve("jobs"), "dedupe", server, USER, "maildir:" + jobArchive,
                "options:\n  dedupe: true\n");
        MailferryCli.Result fromJob = cli.run("run", job.toString(), "--json");
        assertThat(fromJob.exitCode()).as(fromJob.toString()).isZero();
        long copies = COPIES.stream().mapToLong(f -> now.inFolder(f).size()).sum();
        assertThat(E2eSupport.totals(fromJob.out()).path("links").path("linked").asLong())
                .isEqualTo(copies - (inbox.size() + 1));
        assertThat(inodes(jobArchive)).hasSize(inbox.size() + 1);
        assertThat(ImapSnapshot.diff(now, ArchiveSnapshot.take("maildir:" + jobArchive))).isEmpty();
    }

    @Test
    void backupDedupeShouldBeRefusedWithExitCode2WhenTheArchiveIsMbox() throws Exception {
        MailferryCli.Result r = E2eSupport.cli(work).run(args("backup", "--source", imaps(server, USER), "--to",
                "mbox:" + work.resolve("mbox"), "--dedupe", credentials(server, USER)));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--dedupe works with Maildir archives only");
        assertThat(work.resolve("mbox")).doesNotExist();
    }

    /** Size per inode of the message files of INBOX and its two copies. */
    private static Map<Object, Long> inodes(Path root) throws IOException {
        Map<Object, Long> sizes = new HashMap<>();
        for (Path f : messageFiles(root)) {
            sizes.put(Files.getAttribute(f, "unix:ino"), Files.size(f));
        }
        return sizes;
    }

    private static List<Integer> linkCounts(Path root) {
        return messageFiles(root).stream().map(f -> {
            try {
                return (Integer) Files.getAttribute(f, "unix:nlink");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).distinct().toList();
    }

    private static List<Path> messageFiles(Path root) {
        return Stream.of(root, root.resolve(".CopyOne"), root.resolve(".CopyTwo")).flatMap(d -> {
            try (Stream<Path> s = Files.list(d.resolve("cur"))) {
                return s.toList().stream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }
}
