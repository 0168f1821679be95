package org.mailferry.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.mailferry.archive.FolderContents;
import org.mailferry.archive.HeldMessage;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;

/**
 * Compares what an archive holds with a live mailbox, folder by folder and UID by UID, from
 * metadata only: missing from the archive, gone from the server, RFC822.SIZE and flag
 * differences. Folders set aside after a UIDVALIDITY change are not compared (the server no
 * longer has that generation); a folder whose UIDVALIDITY differs cannot be compared by UID and
 * says so. Stateless.
 */
final class MailboxComparison {

    private MailboxComparison() {
    }

    static List<FolderDifference> compare(List<FolderContents> archive, LiveMailbox live) {
        Map<FolderPath, FolderContents> archived = new TreeMap<>();
        for (FolderContents c : archive) {
            if (c.retiredUidValidity() == 0) {
                archived.put(c.folder().path(), c);
            }
        }
        Map<FolderPath, FolderInfo> onServer = new TreeMap<>();
        live.folders().forEach(f -> onServer.put(f.path(), f));
        List<FolderDifference> out = new ArrayList<>();
        for (Map.Entry<FolderPath, FolderInfo> s : onServer.entrySet()) {
            LiveFolder server = live.read(s.getValue());
            FolderContents held = archived.remove(s.getKey());
            out.add(held == null ? notArchived(server) : compare(held, server));
        }
        archived.values().forEach(c -> out.add(new FolderDifference(c.folder().path().display(), 0,
                c.messages().size(), List.of(), uids(c.messages()), List.of(), List.of(),
                "no longer on the server")));
        out.sort((a, b) -> a.folder().compareTo(b.folder()));
        return out;
    }

    private static FolderDifference notArchived(LiveFolder server) {
        return new FolderDifference(server.path().display(), server.messages().size(), 0, uids(server.messages()),
                List.of(), List.of(), List.of(), server.messages().isEmpty() ? null : "not in the archive");
    }

    private static FolderDifference compare(FolderContents held, LiveFolder server) {
        String name = server.path().display();
        if (held.uidValidity() != 0 && held.uidValidity() != server.uidValidity()) {
            return new FolderDifference(name, server.messages().size(), held.messages().size(), List.of(), List.of(),
                    List.of(), List.of(), "the server renumbered the folder (UIDVALIDITY " + server.uidValidity()
                    + ", archived " + held.uidValidity() + "): the next backup sets the old one aside and copies it anew");
        }
        Map<Long, HeldMessage> archived = byUid(held.messages());
        List<Long> missing = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        List<FolderDifference.FlagDifference> flags = new ArrayList<>();
        for (HeldMessage live : server.messages()) {
            HeldMessage mine = archived.remove(live.uid());
            if (mine == null) {
                missing.add(live.uid());
                continue;
            }
            if (mine.size() != live.size()) {
                sizes.add(live.uid());
            }
            if (!mine.flags().equals(live.flags())) {
                flags.add(new FolderDifference.FlagDifference(live.uid(), mine.flags().toString(), live.flags().toString()));
            }
        }
        return new FolderDifference(name, server.messages().size(), held.messages().size(), missing,
                new ArrayList<>(archived.keySet()), sizes, flags, null);
    }

    private static Map<Long, HeldMessage> byUid(List<HeldMessage> messages) {
        return messages.stream().collect(Collectors.toMap(HeldMessage::uid, Function.identity(), (a, b) -> a,
                LinkedHashMap::new));
    }

    private static List<Long> uids(List<HeldMessage> messages) {
        return messages.stream().map(HeldMessage::uid).toList();
    }
}
