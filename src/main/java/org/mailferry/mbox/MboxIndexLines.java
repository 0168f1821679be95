package org.mailferry.mbox;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.mailferry.store.MessageFlags;
import org.mailferry.store.SystemFlag;
import org.mailferry.util.Json;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/**
 * The JSON form of each line of an mbox index (format: {@code package-info}). Lines are encoded
 * without their {@code \n}; decoding fails with a {@link tools.jackson.core.JacksonException} on
 * anything malformed or missing a field. Stateless.
 */
final class MboxIndexLines {

    static final String FORMAT = "mailferry-mbox-index";
    static final int VERSION = 1;
    static final String FLAGS_OP = "flags";

    @JsonPropertyOrder({"format", "version"})
    record Header(String format, int version) {
    }

    @JsonPropertyOrder({"uid", "offset", "length", "size", "crlf", "internalDate", "flags", "keywords", "sha256"})
    record MessageLine(long uid, long offset, long length, long size, boolean crlf, Instant internalDate,
                       List<String> flags, List<String> keywords, String sha256) {
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

    static byte[] header() {
        return Json.MAPPER.writeValueAsBytes(new Header(FORMAT, VERSION));
    }

    static byte[] encode(MboxEntry e) {
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
        return STRICT.forType(Header.class).readValue(node);
    }

    static boolean isFlagsUpdate(JsonNode node) {
        return node.has("op");
    }

    /** A flag update line; an {@code op} other than {@code flags} (a newer format) fails. */
    static FlagsUpdate flagsUpdate(JsonNode node) {
        FlagsLine l = STRICT.forType(FlagsLine.class).readValue(node);
        if (!FLAGS_OP.equals(l.op())) {
            throw new IllegalArgumentException("unknown op \"" + l.op() + "\"");
        }
        return new FlagsUpdate(l.uid(), flags(l.flags(), l.keywords()));
    }

    static MboxEntry entry(JsonNode node) {
        MessageLine l = STRICT.forType(MessageLine.class).readValue(node);
        return new MboxEntry(l.uid(), l.offset(), l.length(), l.size(), l.crlf(), l.internalDate(),
                flags(l.flags(), l.keywords()), l.sha256());
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
