package org.mailferry.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoField;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.store.MessageContent;
import org.mailferry.store.SourceMessage;
import org.mailferry.util.PrivateFiles;

/**
 * Puts one message into a Maildir folder as isync and Dovecot do: its bytes go to
 * {@code tmp/mailferry-<unique>} (CREATE_NEW, mode 0600), or its spilled temp file is moved there
 * when on the same file system; the file gets INTERNALDATE as mtime and is fsynced, then renamed
 * atomically into {@code cur/<name>} ({@link MaildirFileName}). The caller fsyncs {@code cur/}.
 * Names are unique per process (a counter) and never replace an existing file. Thread-safe.
 */
final class MaildirDelivery {

    private static final AtomicLong COUNTER = new AtomicLong();
    private static final long PID = ProcessHandle.current().pid();
    private static final String HOST = hostName();

    private MaildirDelivery() {
    }

    /** Writes the message with these keyword letters (already in dovecot-keywords); returns its file. */
    static MaildirFolder.Entry deliver(MaildirFolder folder, SourceMessage message, String keywordLetters) {
        Instant date = message.meta().internalDate() == null ? Instant.now() : message.meta().internalDate();
        String base = newBase(date);
        Path tmp = folder.tmp().resolve(MaildirFolder.TEMP_PREFIX + base);
        try {
            fill(tmp, message.content());
            Files.setLastModifiedTime(tmp, FileTime.from(date));
            long size;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                size = ch.size();
                ch.force(true);
            }
            MaildirFileName name = name(base, message, size, keywordLetters);
            while (Files.exists(folder.cur().resolve(name.format()))) {
                name = name(newBase(date), message, size, keywordLetters);
            }
            Path target = folder.cur().resolve(name.format());
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return new MaildirFolder.Entry(target, name);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw ArchiveErrors.write(folder.dir(), e);
        }
    }

    private static void fill(Path tmp, MessageContent content) throws IOException {
        Optional<Path> movable = content.movableFile();
        if (movable.isPresent()) {
            try {
                Files.move(movable.get(), tmp, StandardCopyOption.ATOMIC_MOVE);
                PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
                if (view != null) {
                    view.setPermissions(PosixFilePermissions.fromString("rw-------"));
                }
                return;
            } catch (AtomicMoveNotSupportedException e) {
                // another file system: copy below
            }
        }
        try (InputStream in = content.open();
             OutputStream out = Channels.newOutputStream(
                     PrivateFiles.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
            in.transferTo(out);
        }
    }

    private static MaildirFileName name(String base, SourceMessage message, long size, String keywordLetters) {
        return MaildirFileName.of(base, message.uid(), size, "")
                .withFlags(message.meta().flags().system(), keywordLetters);
    }

    private static String newBase(Instant date) {
        long micros = Instant.now().getLong(ChronoField.MICRO_OF_SECOND);
        return MaildirFileName.uniqueBase(date.getEpochSecond(), micros, PID, COUNTER.incrementAndGet(), HOST);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
