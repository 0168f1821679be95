package org.mailferry.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.mailferry.store.ByteArrayContent;
import org.mailferry.store.FlagChange;
import org.mailferry.store.FolderInfo;
import org.mailferry.store.FolderPath;
import org.mailferry.store.FolderSink;
import org.mailferry.store.FolderSource;
import org.mailferry.store.MessageCursor;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.MessageMeta;
import org.mailferry.store.SourceMessage;
import org.mailferry.store.Store;

/**
 * A mailbox held in memory, as a copy job's source: folders of messages with UIDs, flags and
 * internal dates, whose UIDVALIDITY and flags a test changes between runs, and which can be told
 * to break (a lost connection) after a number of messages read. For in-process job tests that
 * need no server. Thread-safe enough for one partition per folder.
 */
public final class MemoryMailbox implements Store {

    /** One message as the mailbox holds it. */
    public record Message(long uid, byte[] bytes, MessageFlags flags, Instant internalDate) {
    }

    private final Map<FolderPath, Folder> folders = new TreeMap<>();
    private volatile int breakAfterReads = -1;

    /** Adds {@code count} messages to {@code folder} (created with UIDVALIDITY 1 if new); returns it. */
    public synchronized Folder add(String folder, int count) {
        Folder f = folders.computeIfAbsent(FolderPath.of(folder), p -> new Folder(p, 1));
        for (int i = 0; i < count; i++) {
            long uid = f.nextUid++;
            byte[] bytes = ("Subject: " + folder + " " + uid + "\r\nMessage-ID: <" + uid + "." + folder.hashCode()
                    + "@memory>\r\n\r\nbody of " + uid + " in " + folder + "\r\n").getBytes(StandardCharsets.US_ASCII);
            f.messages.put(uid, new Message(uid, bytes, MessageFlags.NONE,
                    Instant.parse("2024-01-01T00:00:00Z").plusSeconds(3600 * uid)));
        }
        return f;
    }

    public synchronized Folder folder(String name) {
        return folders.get(FolderPath.of(name));
    }

    /** The next reads fail with a lost connection once {@code reads} more messages were read. */
    public void breakAfter(int reads) {
        breakAfterReads = reads;
    }

    @Override
    public String describe() {
        return "memory:test";
    }

    @Override
    public synchronized List<FolderInfo> listFolders() {
        return folders.keySet().stream().map(FolderInfo::of).toList();
    }

    @Override
    public FolderSource openSource(FolderInfo folder) {
        Folder f;
        synchronized (this) {
            f = folders.get(folder.path());
        }
        return f.open(folder);
    }

    @Override
    public FolderSink openSink(FolderInfo source, FolderPath target) {
        throw new UnsupportedOperationException("a memory mailbox is only a source");
    }

    @Override
    public void close() {
    }

    private synchronized boolean readOne() {
        if (breakAfterReads == 0) {
            return false;
        }
        if (breakAfterReads > 0) {
            breakAfterReads--;
        }
        return true;
    }

    /** A folder: its messages by UID and its UIDVALIDITY. */
    public final class Folder {
        private final FolderPath path;
        private final TreeMap<Long, Message> messages = new TreeMap<>();
        private long uidValidity;
        private long nextUid = 1;

        Folder(FolderPath path, long uidValidity) {
            this.path = path;
            this.uidValidity = uidValidity;
        }

        public synchronized List<Message> messages() {
            return List.copyOf(messages.values());
        }

        /** Sets {@code flags} on the message with {@code uid}. */
        public synchronized void flag(long uid, MessageFlags flags) {
            Message m = messages.get(uid);
            messages.put(uid, new Message(uid, m.bytes(), flags, m.internalDate()));
        }

        /** A new UIDVALIDITY with every message renumbered from 1, as a server rebuilding its index does. */
        public synchronized void renumber(long newUidValidity) {
            List<Message> old = new ArrayList<>(messages.values());
            messages.clear();
            nextUid = 1;
            for (Message m : old) {
                long uid = nextUid++;
                messages.put(uid, new Message(uid, m.bytes(), m.flags(), m.internalDate()));
            }
            uidValidity = newUidValidity;
        }

        synchronized FolderSource open(FolderInfo info) {
            long validity = uidValidity;
            TreeMap<Long, Message> snapshot = new TreeMap<>(messages);
            return new FolderSource() {
                @Override
                public FolderInfo folder() {
                    return info;
                }

                @Override
                public long uidValidity() {
                    return validity;
                }

                @Override
                public long highestModSeq() {
                    return 0;
                }

                @Override
                public MessageCursor messagesAfter(long afterUid) {
                    List<Message> after = List.copyOf(snapshot.tailMap(afterUid, false).values());
                    return new MessageCursor() {
                        private int next;

                        @Override
                        public long expectedCount() {
                            return after.size();
                        }

                        @Override
                        public long expectedBytes() {
                            return after.stream().mapToLong(m -> m.bytes().length).sum();
                        }

                        @Override
                        public SourceMessage next() {
                            if (next == after.size()) {
                                return null;
                            }
                            if (!readOne()) {
                                throw new IllegalStateException("connection to the memory mailbox lost (test)");
                            }
                            Message m = after.get(next++);
                            return new SourceMessage(validity, new MessageMeta(m.uid(), m.bytes().length,
                                    m.internalDate(), m.flags()), new ByteArrayContent(m.bytes()));
                        }

                        @Override
                        public void close() {
                        }
                    };
                }

                @Override
                public void flagsThrough(long throughUid, long sinceModSeq, Consumer<FlagChange> sink) {
                    snapshot.headMap(throughUid, true).values().forEach(m -> sink.accept(new FlagChange(m.uid(), m.flags())));
                }

                @Override
                public long[] allUids() {
                    return snapshot.keySet().stream().mapToLong(Long::longValue).toArray();
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public String toString() {
            return path.display();
        }
    }
}
