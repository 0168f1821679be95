package org.mailferry.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.UnsupportedOptionsException;

/**
 * The compressions an archive file may use, each a standard format whose command-line tool reads
 * our files ({@code zstd -dc}, {@code zcat}, {@code xzcat}). A compressed file is a sequence of
 * independent units (zstd frames, gzip members, xz streams): {@link #compress} starts one unit and
 * its {@code close()} ends it and closes the stream below; {@link #decompress} reads any number
 * of units in a row, as the tools do. Stateless; thread-safe.
 * <p>
 * Settings: zstd level 3 with a content checksum; gzip level 6; xz preset 6 with a 1 MiB
 * dictionary (units are small, a larger dictionary would only cost memory).
 */
public enum Compression {
    NONE("none", ""),
    ZSTD("zstd", ".zst"),
    GZIP("gzip", ".gz"),
    XZ("xz", ".xz");

    private static final int XZ_DICTIONARY = 1 << 20;
    private static final byte[] ZSTD_MAGIC = {(byte) 0x28, (byte) 0xb5, (byte) 0x2f, (byte) 0xfd};
    private static final byte[] GZIP_MAGIC = {(byte) 0x1f, (byte) 0x8b};
    private static final byte[] XZ_MAGIC = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0};

    private final String id;
    private final String extension;

    Compression(String id, String extension) {
        this.id = id;
        this.extension = extension;
    }

    /** The name used on the command line and in file formats: none, zstd, gzip, xz. */
    public String id() {
        return id;
    }

    /** What a file name gets appended: {@code .zst}, {@code .gz}, {@code .xz}, or nothing. */
    public String extension() {
        return extension;
    }

    /** The compression named {@code id} (case-insensitive); a usage error naming the choices otherwise. */
    public static Compression parse(String id) {
        return byId(id).orElseThrow(() -> new MailferryException(FailureScope.STORE, ExitCode.USAGE,
                "unknown compression \"" + id + "\": use zstd, gzip, xz or none"));
    }

    /** The compression named {@code id} (case-insensitive), if there is one. */
    public static Optional<Compression> byId(String id) {
        for (Compression c : values()) {
            if (c.id.equalsIgnoreCase(id)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The compression a file name's last extension says ({@code .zst .gz .xz}); NONE for any other. */
    public static Compression ofFileName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (Compression c : values()) {
            if (c != NONE && lower.endsWith(c.extension)) {
                return c;
            }
        }
        return NONE;
    }

    /** The compression whose magic number starts {@code head}, if any. */
    public static Optional<Compression> ofMagic(byte[] head) {
        if (startsWith(head, ZSTD_MAGIC)) {
            return Optional.of(ZSTD);
        }
        if (startsWith(head, GZIP_MAGIC)) {
            return Optional.of(GZIP);
        }
        if (startsWith(head, XZ_MAGIC)) {
            return Optional.of(XZ);
        }
        return Optional.empty();
    }

    /** Starts one compressed unit on {@code out}; closing the result ends the unit and closes {@code out}. */
    public OutputStream compress(OutputStream out) throws IOException {
        return switch (this) {
            case NONE -> out;
            case ZSTD -> ZstdCompressorOutputStream.builder().setOutputStream(out).setLevel(3).setChecksum(true).get();
            case GZIP -> new GzipCompressorOutputStream(out);
            case XZ -> XZCompressorOutputStream.builder().setOutputStream(out).setLzma2Options(xzOptions()).get();
        };
    }

    /** Reads every unit of {@code in} in a row; closing the result closes {@code in}. */
    public InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            case ZSTD -> new ZstdCompressorInputStream(new BufferedInputStream(in, 1 << 16));
            case GZIP -> new GzipCompressorInputStream(new BufferedInputStream(in, 1 << 16), true);
            case XZ -> new XZCompressorInputStream(new BufferedInputStream(in, 1 << 16), true);
        };
    }

    private static LZMA2Options xzOptions() throws IOException {
        try {
            LZMA2Options o = new LZMA2Options(LZMA2Options.PRESET_DEFAULT);
            o.setDictSize(XZ_DICTIONARY);
            return o;
        } catch (UnsupportedOptionsException e) {
            throw new IOException(e);
        }
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }
}
