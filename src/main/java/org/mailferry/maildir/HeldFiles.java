package org.mailferry.maildir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which file of one Maildir folder holds each source UID: the sink's memory of the folder while
 * a backup runs. Kept compact, because it grows with the folder (a boxed map of paths and parsed
 * names cost ~450 bytes per message, 22 MB for a 50,000-message folder; this ~120): UIDs in a
 * sorted {@code long[]}, each beside its file name relative to the folder directory
 * ({@code cur/<name>}). Appending a higher UID, the common case, is amortised O(1); removed
 * slots are cleared and squeezed out once they are half the table. Not thread-safe.
 */
final class HeldFiles {

    private final Path dir;
    private long[] uids = new long[16];
    private String[] names = new String[16];
    private int length; // slots used, removed ones included
    private int removed;

    private HeldFiles(Path dir) {
        this.dir = dir;
    }

    /** The folder's message files that carry a source UID; for a UID held twice, the first listed. */
    static HeldFiles of(Path dir, List<MaildirFolder.Entry> files) {
        HeldFiles held = new HeldFiles(dir);
        files.stream().filter(e -> e.name().uid() > 0)
                .sorted(Comparator.comparingLong(e -> e.name().uid())) // stable: first listed stays first
                .forEach(e -> {
                    if (held.length == 0 || held.uids[held.length - 1] != e.name().uid()) {
                        held.append(e.name().uid(), held.relative(e.file()));
                    }
                });
        return held;
    }

    boolean contains(long uid) {
        return slot(uid) >= 0;
    }

    /** The file holding {@code uid}, or null. */
    MaildirFolder.Entry get(long uid) {
        int i = slot(uid);
        if (i < 0) {
            return null;
        }
        Path file = dir.resolve(names[i]);
        return new MaildirFolder.Entry(file, MaildirFileName.parse(file.getFileName().toString()));
    }

    /** Records that {@code file} (inside the folder) now holds {@code uid}. */
    void put(long uid, Path file) {
        String name = relative(file);
        int at = Arrays.binarySearch(uids, 0, length, uid);
        if (at >= 0) {
            if (names[at] == null) {
                removed--;
            }
            names[at] = name;
        } else if (-at - 1 == length) {
            append(uid, name);
        } else {
            insert(-at - 1, uid, name);
        }
    }

    /** Forgets {@code uid}; returns the file that held it, or null. */
    MaildirFolder.Entry remove(long uid) {
        MaildirFolder.Entry e = get(uid);
        if (e != null) {
            names[slot(uid)] = null;
            if (++removed > length / 2) {
                squeeze();
            }
        }
        return e;
    }

    /** The highest UID held, 0 when none. */
    long lastUid() {
        for (int i = length - 1; i >= 0; i--) {
            if (names[i] != null) {
                return uids[i];
            }
        }
        return 0;
    }

    /** Every UID held, ascending. */
    Set<Long> uids() {
        Set<Long> out = new LinkedHashSet<>();
        for (int i = 0; i < length; i++) {
            if (names[i] != null) {
                out.add(uids[i]);
            }
        }
        return out;
    }

    int size() {
        return length - removed;
    }

    private int slot(long uid) {
        int i = Arrays.binarySearch(uids, 0, length, uid);
        return i >= 0 && names[i] != null ? i : -1;
    }

    private String relative(Path file) {
        return dir.relativize(file).toString();
    }

    private void append(long uid, String name) {
        grow();
        uids[length] = uid;
        names[length] = name;
        length++;
    }

    private void insert(int at, long uid, String name) {
        grow();
        System.arraycopy(uids, at, uids, at + 1, length - at);
        System.arraycopy(names, at, names, at + 1, length - at);
        uids[at] = uid;
        names[at] = name;
        length++;
    }

    private void grow() {
        if (length == uids.length) {
            int capacity = length + (length >> 1);
            uids = Arrays.copyOf(uids, capacity);
            names = Arrays.copyOf(names, capacity);
        }
    }

    private void squeeze() {
        int kept = 0;
        for (int i = 0; i < length; i++) {
            if (names[i] != null) {
                uids[kept] = uids[i];
                names[kept] = names[i];
                kept++;
            }
        }
        Arrays.fill(names, kept, length, null);
        length = kept;
        removed = 0;
    }
}
