package org.mailferry.maildir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.archive.Sha256;
import org.mailferry.store.MessageContent;
import org.mailferry.store.SourceMessage;
import org.mailferry.util.ParallelFsync;
import org.mailferry.util.PrivateFiles;

/**
 * Puts messages into a Maildir folder as isync and Dovecot do, a chunk at a time: each message's
 * bytes go to {@code tmp/mailferry-<unique>} (CREATE_NEW, mode 0600), or its spilled temp file is
 * moved there when on the same file system, with INTERNALDATE as mtime and their SHA-256 taken on
 * the way ({@link #stage}); then all
 * staged files are fsynced together and renamed atomically into {@code cur/<name>}
 * ({@link #commit}, {@link MaildirFileName}). The caller fsyncs {@code cur/}.
 * Names are unique per process (a counter) and never replace an existing file. Thread-safe.
 */
final class MaildirDelivery {

    private static final AtomicLong COUNTER = new AtomicLong();
    private static final long PID = ProcessHandle.current().pid();
    private static final String HOST = hostName();

    private MaildirDelivery() {
    }

    /** A message written to {@code tmp/}, not yet durable nor visible; {@code sha256} of its bytes, {@code date} its mtime. */
    record Staged(Path tmp, MaildirFileName name, String sha256, Instant date) {
    }

    /**
     * Makes a durable staged message visible: {@code move} renames it into {@code cur/}; a placer
     * may link it to a twin instead ({@link MaildirDedupe}) and returns the file it ends as.
     */
    interface Placer {
        Path place(Staged staged, MoveIntoCur move) throws IOException;
    }

    /** Renames the staged file into {@code cur/} under a free name; returns where it is. */
    interface MoveIntoCur {
        Path move() throws IOException;
    }

    /**
     * Writes the message to {@code tmp/} with these keyword letters (already in dovecot-keywords)
     * and INTERNALDATE as mtime. Not durable until {@link #commit}.
     */
    static Staged stage(MaildirFolder folder, SourceMessage message, String keywordLetters) {
        Instant date = message.meta().internalDate() == null ? Instant.now() : message.meta().internalDate();
        String base = newBase(date);
        Path tmp = folder.tmp().resolve(MaildirFolder.TEMP_PREFIX + base);
        try {
            String sha256 = fill(tmp, message.content());
            FileTime time = FileTime.from(date);
            // both times given: the JDK then sets them without reading the old ones first
            Files.getFileAttributeView(tmp, BasicFileAttributeView.class).setTimes(time, time, null);
            return new Staged(tmp, name(base, message, message.content().size(), keywordLetters), sha256, date);
        } catch (IOException e) {
            discard(List.of(new Staged(tmp, null, null, null)), e);
            throw ArchiveErrors.write(folder.dir(), e);
        }
    }

    /**
     * Makes staged messages durable (fsync, concurrently) and then visible: each is renamed
     * atomically into {@code cur/}. The caller fsyncs {@code cur/}. On failure every staged file
     * that is still in {@code tmp/} is deleted.
     */
    static List<MaildirFolder.Entry> commit(MaildirFolder folder, List<Staged> staged) {
        return commit(folder, staged, (s, move) -> move.move());
    }

    /** {@link #commit(MaildirFolder, List)}, each message made visible through {@code placer}. */
    static List<MaildirFolder.Entry> commit(MaildirFolder folder, List<Staged> staged, Placer placer) {
        try {
            ParallelFsync.forceAll(staged.stream().map(Staged::tmp).toList());
            List<MaildirFolder.Entry> out = new ArrayList<>(staged.size());
            for (Staged s : staged) {
                Path file = placer.place(s, () -> moveIntoCur(folder, s));
                Files.deleteIfExists(s.tmp()); // linked to a twin instead
                out.add(new MaildirFolder.Entry(file, MaildirFileName.parse(file.getFileName().toString())));
            }
            return out;
        } catch (IOException e) {
            discard(staged, e);
            throw ArchiveErrors.write(folder.dir(), e);
        }
    }

    private static Path moveIntoCur(MaildirFolder folder, Staged s) throws IOException {
        MaildirFileName name = s.name();
        while (Files.exists(folder.cur().resolve(name.format()))) {
            name = new MaildirFileName(newBase(Instant.now()), name.fields(), name.info());
        }
        Path target = folder.cur().resolve(name.format());
        Files.move(s.tmp(), target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    private static void discard(List<Staged> staged, IOException failure) {
        for (Staged s : staged) {
            try {
                Files.deleteIfExists(s.tmp());
            } catch (IOException cleanup) {
                failure.addSuppressed(cleanup);
            }
        }
    }

    /** Puts the content into {@code tmp} and returns its SHA-256. */
    private static String fill(Path tmp, MessageContent content) throws IOException {
        Optional<Path> movable = content.movableFile();
        if (movable.isPresent()) {
            try {
                Files.move(movable.get(), tmp, StandardCopyOption.ATOMIC_MOVE);
                PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
                if (view != null) {
                    view.setPermissions(PosixFilePermissions.fromString("rw-------"));
                }
                try (InputStream in = Files.newInputStream(tmp)) {
                    return Sha256.of(in);
                }
            } catch (AtomicMoveNotSupportedException e) {
                // another file system: copy below
            }
        }
        MessageDigest sha = Sha256.newDigest();
        Optional<ByteBuffer> bytes = content.inMemory();
        if (bytes.isPresent()) { // one hash update and one write
            ByteBuffer b = bytes.get();
            sha.update(b.duplicate());
            try (FileChannel ch = PrivateFiles.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
            return Sha256.hex(sha);
        }
        try (InputStream in = new DigestInputStream(content.open(), sha);
             OutputStream out = Channels.newOutputStream(
                     PrivateFiles.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
            in.transferTo(out);
        }
        return Sha256.hex(sha);
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
