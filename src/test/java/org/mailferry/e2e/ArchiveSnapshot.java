package org.mailferry.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.mailferry.maildir.MaildirStore;
import org.mailferry.mbox.MboxStore;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderSource;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.SourceMessage;
import org.mailferry.store.Store;
import org.mailferry.store.StoreUri;
import org.mailferry.store.SystemFlag;
import org.mailferry.testing.ImapSnapshot;

/** Reads a whole archive through mailferry's own archive readers into an {@link ImapSnapshot}. */
public final class ArchiveSnapshot {

    private ArchiveSnapshot() {
    }

    public static ImapSnapshot take(String uri) {
        StoreUri u = StoreUri.parse(uri);
        try (Store store = u.kind() == StoreUri.Kind.MAILDIR ? MaildirStore.open(u.path(), false)
                : MboxStore.open(u.path(), false)) {
            List<String> folders = new ArrayList<>();
            List<ImapSnapshot.SnapshotMessage> messages = new ArrayList<>();
            for (FolderInfo f : store.listFolders()) {
                folders.add(f.path().display());
                try (FolderSource src = store.openSource(f); MessageCursor c = src.messagesAfter(0)) {
                    for (SourceMessage next = c.next(); next != null; next = c.next()) {
                        try (SourceMessage m = next) {
                            messages.add(new ImapSnapshot.SnapshotMessage(f.path().display(), m.uid(), sha256(m),
                                    m.meta().size(), flags(m), new TreeSet<>(m.meta().flags().keywords()),
                                    m.meta().internalDate()));
                        }
                    }
                }
            }
            return ImapSnapshot.of(folders, messages);
        }
    }

    private static Set<String> flags(SourceMessage m) {
        Set<String> out = new TreeSet<>();
        for (SystemFlag f : m.meta().flags().system()) {
            out.add(f.imapName());
        }
        return out;
    }

    static String sha256(SourceMessage m) {
        try (InputStream in = m.content().open()) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
