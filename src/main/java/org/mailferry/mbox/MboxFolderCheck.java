package org.mailferry.mbox;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.mailferry.archive.Compression;
import org.mailferry.archive.Damage;
import org.mailferry.archive.FolderCheck;
import org.mailferry.archive.FolderContents;
import org.mailferry.archive.Sha256;

/**
 * Re-reads one mbox folder from its first byte to its last and compares it with its index
 * (format: {@code package-info}), in one sequential pass (compressed: unit by unit, so a broken
 * unit costs only its own messages). For each message: a {@code From } line at its offset, no
 * other line starting with {@code From } inside it (mutt and Python would split the message
 * there), its blank separator line, its original size and SHA-256. For the file: no data missing
 * (truncation) and none after the last committed message or unit (garbage, or the tail of an
 * interrupted run, which makes {@code zstd -dc} and friends fail). Reads only; stateless.
 */
final class MboxFolderCheck {

    private static final byte[] FROM = {'F', 'r', 'o', 'm', ' '};

    private final MboxIndex index;
    private final MboxData data;
    private final long fileSize;
    private final List<Damage> damage = new ArrayList<>();
    private long intact;

    private MboxFolderCheck(MboxIndex index, MboxData data, long fileSize) {
        this.index = index;
        this.data = data;
        this.fileSize = fileSize;
    }

    /** Checks the folder whose files and contents these are; a damaged index fails with the file and line. */
    static FolderCheck run(MboxFiles files, FolderContents contents) throws IOException {
        MboxIndex index = MboxIndex.read(files);
        Path file = files.data(index.compression());
        MboxFolderCheck check = new MboxFolderCheck(index, new MboxData(file, index),
                Files.exists(file) ? Files.size(file) : 0);
        if (index.compression() == Compression.NONE) {
            check.checkPlain();
        } else {
            check.checkUnits();
        }
        check.checkTail();
        return new FolderCheck(contents, check.intact, check.damage, List.of());
    }

    private void checkPlain() throws IOException {
        List<MboxEntry> present = new ArrayList<>();
        for (MboxEntry e : index.entries()) {
            if (e.end() <= fileSize) {
                present.add(e);
            } else {
                damage.add(message(e, e.offset(), "the file ends at byte " + fileSize
                        + (e.offset() < fileSize ? ", inside this message" : ", before this message")
                        + ": the mbox was truncated"));
            }
        }
        if (!present.isEmpty()) {
            try (InputStream text = data.openAt(0)) {
                for (MboxEntry e : present) {
                    check(text, e, e.offset());
                }
            }
        }
    }

    private void checkUnits() {
        Iterator<MboxEntry> entries = index.entries().iterator();
        for (MboxFrame unit : index.frames()) {
            List<MboxEntry> inUnit = new ArrayList<>();
            while (inUnit.isEmpty() || last(inUnit).end() < unit.mboxEnd()) {
                inUnit.add(entries.next());
            }
            if (unit.fileEnd() > fileSize) {
                inUnit.forEach(e -> damage.add(message(e, unit.fileOffset(), "the file ends at byte " + fileSize
                        + ", before the end of its compressed unit: the file was truncated")));
                continue;
            }
            checkUnit(unit, inUnit);
        }
    }

    private void checkUnit(MboxFrame unit, List<MboxEntry> inUnit) {
        int done = 0;
        try (InputStream text = data.openUnit(unit)) {
            for (MboxEntry e : inUnit) {
                check(text, e, unit.fileOffset());
                done++;
            }
            if (text.read() >= 0) {
                damage.add(new Damage(Damage.Kind.FILE, data.file(), unit.fileOffset(), 0,
                        "the compressed unit holds more than the " + unit.mboxLength() + " bytes its index line says"));
            }
        } catch (IOException ex) {
            String why = "its compressed unit does not decompress (" + ex.getMessage() + ")";
            inUnit.subList(done, inUnit.size()).forEach(e -> damage.add(message(e, unit.fileOffset(), why)));
        }
    }

    /**
     * Reads exactly one message's entry from {@code text} and records what is wrong with it; a
     * failure of {@code text} itself is thrown.
     */
    private void check(InputStream text, MboxEntry e, long damageOffset) throws IOException {
        FromLineScanner entry = new FromLineScanner(new ExactLengthInputStream(text, e.length()));
        String problem = Arrays.equals(entry.readNBytes(FROM.length), FROM) ? checkBody(entry, e)
                : "no From line at mbox offset " + e.offset() + " where the index puts the message";
        entry.drain();
        if (problem == null && entry.fromLines().size() > 1) {
            problem = "a line inside it starts with \"From \" at mbox offset " + (e.offset() + entry.fromLines().get(1))
                    + ": mutt and Python's mailbox would split the message there";
        }
        if (problem == null && !entry.endsWithBlankLine()) {
            problem = "it does not end with the blank separator line";
        }
        if (problem == null) {
            intact++;
        } else {
            damage.add(message(e, damageOffset, problem));
        }
    }

    /** Skips the rest of the From line and compares the unquoted body with the index. */
    private static String checkBody(FromLineScanner entry, MboxEntry e) throws IOException {
        int b;
        while ((b = entry.read()) >= 0 && b != '\n') {
            // the rest of the From line
        }
        InputStream body = new ExactLengthInputStream(new MboxrdUnquotingInputStream(entry, e.crlf()), e.size());
        try {
            return Sha256.of(body).equals(e.sha256()) ? null : "its SHA-256 differs from the index: the bytes were changed";
        } catch (EOFException tooShort) {
            return "it holds fewer bytes than its recorded size " + e.size();
        }
    }

    private void checkTail() {
        long end = index.dataEnd();
        if (fileSize > end) {
            damage.add(new Damage(Damage.Kind.FILE, data.file(), end, 0, (fileSize - end)
                    + " bytes follow the last committed " + (index.compression() == Compression.NONE ? "message"
                    : "compressed unit") + ": left by an interrupted run (the next backup removes them) or added"
                    + " by hand; other mbox readers see them"));
        }
    }

    private Damage message(MboxEntry e, long offset, String problem) {
        String where = index.compression() == Compression.NONE ? "" : " (mbox offset " + e.offset() + ")";
        return new Damage(Damage.Kind.MESSAGE, data.file(), offset, e.uid(), problem + where);
    }

    private static MboxEntry last(List<MboxEntry> list) {
        return list.get(list.size() - 1);
    }
}
