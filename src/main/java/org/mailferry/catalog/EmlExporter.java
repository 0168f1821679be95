package org.mailferry.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.mailferry.archive.ArchiveErrors;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderSource;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.SourceMessage;
import org.mailferry.store.Store;
import org.mailferry.util.PrivateFiles;

/**
 * Writes archived messages as {@code .eml} files, the bytes exactly as archived, for handing a
 * message to someone without a mail server: {@code DIR/FOLDER/UID.eml}, one directory per folder
 * (each name segment made safe for any file system), files readable by the owner only, their
 * modification time the message's internal date. The target directory must be new or empty.
 */
public final class EmlExporter {

    /** What was written. */
    public record Result(Path dir, long messages, long bytes) {
    }

    private EmlExporter() {
    }

    public static Result export(Store archive, MessageQuery query, Path dir) {
        requireEmpty(dir);
        long messages = 0;
        long bytes = 0;
        for (FolderInfo folder : archive.listFolders()) {
            if (!query.mayMatch(folder.path())) {
                continue;
            }
            Path folderDir = dir;
            for (String segment : folder.path().segments()) {
                folderDir = folderDir.resolve(safe(segment));
            }
            try (FolderSource source = archive.openSource(folder); MessageCursor cursor = source.messagesAfter(0)) {
                for (SourceMessage m; (m = cursor.next()) != null; ) {
                    try (SourceMessage held = m) {
                        if (query.matches(folder.path(), held)) {
                            bytes += write(held, folderDir.resolve(held.uid() + ".eml"));
                            messages++;
                        }
                    }
                }
            }
        }
        return new Result(dir, messages, bytes);
    }

    private static long write(SourceMessage m, Path file) {
        try {
            PrivateFiles.createDirectories(file.getParent());
            try (FileChannel ch = PrivateFiles.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(ch); InputStream in = m.content().open()) {
                long n = in.transferTo(out);
                ch.force(false);
                Files.setLastModifiedTime(file, FileTime.from(m.meta().internalDate()));
                return n;
            }
        } catch (IOException e) {
            throw ArchiveErrors.write(file, e);
        }
    }

    /** A folder name segment as a file name: no separators, controls or characters Windows refuses; at most 100 chars. */
    static String safe(String segment) {
        String s = segment.replaceAll("[\\x00-\\x1f\\x7f/\\\\:*?\"<>|]", "_");
        if (s.isEmpty() || s.equals(".") || s.equals("..")) {
            s = "_" + s;
        }
        return s.length() > 100 ? s.substring(0, 100) : s;
    }

    private static void requireEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, dir
                        + " is not empty: export .eml files into a new or empty directory");
            }
        } catch (java.nio.file.NotDirectoryException e) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE, dir + " is a file: name a directory");
        } catch (IOException e) {
            throw ArchiveErrors.read(dir, e);
        }
    }
}
