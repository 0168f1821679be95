package org.mailferry.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.CodeSource;
import java.time.Instant;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.mailferry.archive.ArchivedFolder;
import org.mailferry.imap.TlsSettings;
import org.mailferry.imap.TlsSocketFactories;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;

/**
 * The training run of the launcher's fast-start cache: {@code java -XX:ArchiveClassesAtExit=app.jsa
 * -cp mailferry.jar org.mailferry.cli.StartupTraining DIR} loads the classes a run needs, so the
 * class-data-sharing archive holds them, without any network connection: it writes a small Maildir
 * archive under DIR, converts it to mbox and back with the real CLI (picocli, Spring Batch, the H2
 * job database, both archive formats, the summary), verifies the copy, prints a command's help,
 * loads the IMAP and TLS classes and has a TLS engine write a ClientHello into memory. Everything
 * it writes stays under DIR, which the caller removes. Exit code 0 when every step did its job.
 */
public final class StartupTraining {

    private static final List<String> CLASS_PREFIXES = List.of("org/mailferry/", "org/eclipse/angus/mail/imap/",
            "org/eclipse/angus/mail/iap/");

    private StartupTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: StartupTraining DIR");
            System.exit(2);
        }
        LoggingMixin.configure();
        System.exit(run(Path.of(args[0])));
    }

    /** Runs every training step in DIR; 0 when all did their job, else 1 (the failed steps named on stderr). */
    static int run(Path dir) throws Exception {
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        String state = dir.resolve("state").toString();
        // The default H2 URL adds AUTO_SERVER=TRUE, whose server H2 stops by connecting to it over
        // the loopback: the same file database without it keeps the training off the network.
        String jobDb = "jdbc:h2:file:" + dir.resolve("state").resolve("jobs").resolve("mailferry").toAbsolutePath()
                + ";WRITE_DELAY=0";
        Path maildir = writeMaildir(dir.resolve("maildir"));
        String mbox = "mbox:" + dir.resolve("mbox");
        String copy = "maildir:" + dir.resolve("copy");
        int failures = 0;
        failures += step("restore maildir -> mbox", Main.run(quiet, quiet, "restore", "--from", "maildir:" + maildir,
                "--target", mbox, "--state-dir", state, "--job-db", jobDb, "--no-progress"));
        failures += step("restore mbox -> maildir", Main.run(quiet, quiet, "restore", "--from", mbox, "--target", copy,
                "--state-dir", state, "--job-db", jobDb, "--no-progress", "--json"));
        failures += step("verify", Main.run(quiet, quiet, "verify", copy));
        failures += step("backup --help", Main.run(quiet, quiet, "backup", "--help"));
        failures += step("imap and tls classes", loadClasses() + tlsClientHello());
        return failures == 0 ? 0 : 1;
    }

    private static int step(String name, int code) {
        if (code != 0) {
            System.err.println("startup training: " + name + " failed (" + code + ")");
            return 1;
        }
        return 0;
    }

    /**
     * A Maildir archive as a backup leaves it: INBOX and Sent with a few small messages (UIDs and
     * flags in the file names, INTERNALDATE as mtime) and each folder's state file.
     */
    private static Path writeMaildir(Path root) throws IOException {
        writeMessage(root, 1, "S", "Welcome", "Hello,\r\n\r\nthis message trains the fast start.\r\n");
        writeMessage(root, 2, "FS", "From the archive", "From here on\r\n>From there\r\n");
        writeMessage(root, 3, "", "Unread", "Still unread.\r\n");
        writeState(root, FolderPath.INBOX);
        Path sent = root.resolve(".Sent");
        writeMessage(sent, 4, "RS", "Re: Welcome", "Thanks.\r\n");
        Files.createFile(sent.resolve("maildirfolder"));
        writeState(sent, FolderPath.of("Sent"));
        return root;
    }

    private static void writeState(Path folder, FolderPath path) {
        ArchivedFolder.fresh(FolderInfo.of(path), path).withUidValidity(1).write(folder.resolve("mailferry-folder.json"));
    }

    private static void writeMessage(Path folder, int n, String flags, String subject, String body) throws IOException {
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(folder.resolve(sub));
        }
        Instant date = Instant.parse("2026-01-0" + n + "T09:00:00Z");
        String message = "From: Alice <alice@example.org>\r\nTo: Bob <bob@example.org>\r\nSubject: " + subject
                + "\r\nMessage-ID: <training-" + n + "@mailferry.invalid>\r\nDate: Thu, 0" + n
                + " Jan 2026 09:00:00 +0000\r\n\r\n" + body;
        Path file = folder.resolve("cur").resolve(date.getEpochSecond() + ".training" + n + ".mailferry,U=" + n + ":2," + flags);
        Files.writeString(file, message, StandardCharsets.US_ASCII);
        Files.setLastModifiedTime(file, FileTime.from(date));
    }

    /** Loads (without initializing) the classes of mailferry and Angus's IMAP client from their jars. */
    private static int loadClasses() throws IOException, URISyntaxException {
        int failed = 0;
        ClassLoader loader = StartupTraining.class.getClassLoader();
        for (Class<?> inJar : List.of(StartupTraining.class, org.eclipse.angus.mail.imap.IMAPStore.class)) {
            CodeSource source = inJar.getProtectionDomain().getCodeSource();
            Path jar = source == null ? null : Path.of(source.getLocation().toURI());
            if (jar == null || !Files.isRegularFile(jar)) {
                continue; // classes from a directory (a development build): nothing to sweep
            }
            try (JarFile file = new JarFile(jar.toFile())) {
                for (JarEntry e : java.util.Collections.list(file.entries())) {
                    String name = e.getName();
                    if (name.endsWith(".class") && !name.contains("-") && CLASS_PREFIXES.stream().anyMatch(name::startsWith)) {
                        try {
                            Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                        } catch (ClassNotFoundException | LinkageError ex) {
                            failed++;
                        }
                    }
                }
            }
        }
        return failed == 0 ? 0 : 1;
    }

    /** Builds mailferry's TLS socket factory and has a client engine write its ClientHello into memory. */
    private static int tlsClientHello() throws Exception {
        TlsSocketFactories.create(TlsSettings.DEFAULT);
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("mail.example.org", 993);
        engine.setUseClientMode(true);
        engine.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        return out.position() > 0 ? 0 : 1;
    }
}
