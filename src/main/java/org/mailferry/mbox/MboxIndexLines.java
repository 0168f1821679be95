package org.mailferry.mbox;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.mailferry.archive.Compression;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.SystemFlag;
import org.mailferry.util.Json;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/**
 * The JSON form of each line of an mbox index (format: {@code package-info}). Lines are encoded
 * without their {@code \n}; decoding fails with a {@link tools.jackson.core.JacksonException} on
 * anything malformed or missing a field. An uncompressed index is written as version 1 (it uses
 * nothing of version 2), a compressed one as version 2. Stateless.
 */
final class MboxIndexLines {

    static final String FORMAT = "mailferry-mbox-index";
    /** The highest version this code reads. */
    static final int VERSION = 2;
    static final String FLAGS_OP = "flags";
    static final String FRAME_OP = "frame";

    /** The first line; {@code compression} is absent in version 1 (none). */
    record Header(String format, int version, Compression compression) {
    }

    @JsonPropertyOrder({"format", "version"})
    record PlainHeaderLine(String format, int version) {
    }

    @JsonPropertyOrder({"format", "version", "compression"})
    record CompressedHeaderLine(String format, int version, String compression) {
    }

    @JsonPropertyOrder({"op", "fileOffset", "fileLength", "mboxOffset", "mboxLength"})
    record FrameLine(String op, long fileOffset, long fileLength, long mboxOffset, long mboxLength) {
    }

    @JsonPropertyOrder({"uid", "offset", "length", "size", "crlf", "internalDate", "flags", "keywords", "sha256"})
    record MessageLine(long uid, long offset, long length, long size, boolean crlf, Instant internalDate,
                       List<String> flags, List<String> keywords, String sha256) {
    }

    /** A message line whose INTERNALDATE was substituted (an unreadable one from the server); absent otherwise. */
    @JsonPropertyOrder({"uid", "offset", "length", "size", "crlf", "internalDate", "dateSubstituted", "flags",
            "keywords", "sha256"})
    record SubstitutedMessageLine(long uid, long offset, long length, long size, boolean crlf, Instant internalDate,
                                  boolean dateSubstituted, List<String> flags, List<String> keywords, String sha256) {
    }

    @JsonPropertyOrder({"op", "uid", "flags", "keywords"})
    record FlagsLine(String op, long uid, List<String> flags, List<String> keywords) {
    }

    /** A flag update: the message {@code uid} now has {@code flags}. */
    record FlagsUpdate(long uid, MessageFlags flags) {
    }

    private static final ObjectReader STRICT = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                    DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);

    private MboxIndexLines() {
    }

    static byte[] header(Compression compression) {
        return Json.MAPPER.writeValueAsBytes(compression == Compression.NONE ? new PlainHeaderLine(FORMAT, 1)
                : new CompressedHeaderLine(FORMAT, 2, compression.id()));
    }

    static byte[] encode(MboxFrame f) {
        return Json.MAPPER.writeValueAsBytes(new FrameLine(FRAME_OP, f.fileOffset(), f.fileLength(), f.mboxOffset(),
                f.mboxLength()));
    }

    static byte[] encode(MboxEntry e) {
        if (e.dateSubstituted()) {
            return Json.MAPPER.writeValueAsBytes(new SubstitutedMessageLine(e.uid(), e.offset(), e.length(), e.size(),
                    e.crlf(), e.internalDate(), true, systemNames(e.flags()), List.copyOf(e.flags().keywords()),
                    e.sha256()));
        }
        return Json.MAPPER.writeValueAsBytes(new MessageLine(e.uid(), e.offset(), e.length(), e.size(), e.crlf(),
                e.internalDate(), systemNames(e.flags()), List.copyOf(e.flags().keywords()), e.sha256()));
    }

    static byte[] encode(FlagsUpdate u) {
        return Json.MAPPER.writeValueAsBytes(new FlagsLine(FLAGS_OP, u.uid(), systemNames(u.flags()),
                List.copyOf(u.flags().keywords())));
    }

    static JsonNode parse(String line) {
        return Json.MAPPER.readTree(line);
    }

    static Header header(JsonNode node) {
        PlainHeaderLine h = STRICT.forType(PlainHeaderLine.class).readValue(node);
        JsonNode c = node.get("compression");
        Compression compression = c == null ? Compression.NONE : Compression.byId(c.asString()).orElseThrow(
                () -> new IllegalArgumentException("unknown compression \"" + c.asString() + "\""));
        return new Header(h.format(), h.version(), compression);
    }

    /** The {@code op} of an operation line, {@code null} for a message line. */
    static String op(JsonNode node) {
        JsonNode op = node.get("op");
        return op == null ? null : op.asString();
    }

    static FlagsUpdate flagsUpdate(JsonNode node) {
        FlagsLine l = STRICT.forType(FlagsLine.class).readValue(node);
        return new FlagsUpdate(l.uid(), flags(l.flags(), l.keywords()));
    }

    static MboxFrame frame(JsonNode node) {
        FrameLine l = STRICT.forType(FrameLine.class).readValue(node);
        return new MboxFrame(l.fileOffset(), l.fileLength(), l.mboxOffset(), l.mboxLength());
    }

    static MboxEntry entry(JsonNode node) {
        MessageLine l = STRICT.forType(MessageLine.class).readValue(node);
        return new MboxEntry(l.uid(), l.offset(), l.length(), l.size(), l.crlf(), l.internalDate(),
                flags(l.flags(), l.keywords()), l.sha256(), node.path("dateSubstituted").asBoolean(false));
    }

    private static List<String> systemNames(MessageFlags f) {
        List<String> names = new ArrayList<>();
        for (SystemFlag s : f.system()) {
            names.add(s.imapName());
        }
        return names;
    }

    private static MessageFlags flags(List<String> system, List<String> keywords) {
        return new MessageFlags(MessageFlags.fromImapNames(system).system(), new TreeSet<>(keywords));
    }
}
