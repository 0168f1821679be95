package org.mailferry.cli;

import org.mailferry.imap.ImapPolicy;
import org.mailferry.provider.ProviderPreset;
import picocli.CommandLine.Option;

/**
 * {@code --verify-append headers|full|none}: how the messages written to an IMAP target are read
 * back and compared with what was sent.
 */
public final class VerifyAppendOption {

    @Option(names = "--verify-append", paramLabel = "headers|full|none", converter = AppendCheckConverter.class,
            description = "Read back what the target stored after each chunk: headers (size and header bytes, one"
                    + " command per chunk; default), full (SHA-256 of every byte: downloads everything again) or none"
                    + " (default for Microsoft 365, which re-renders every message it stores)."
                    + " A message the target altered is reported and the run ends with exit code 3.")
    ImapPolicy.AppendCheck appendCheck;

    /** The check chosen, else {@code headers}, or {@code none} for a target known to re-render mail (said on {@code err}). */
    ImapPolicy.AppendCheck resolve(ProviderPreset target, java.io.PrintWriter err) {
        if (appendCheck != null) {
            return appendCheck;
        }
        if (target.quirks().rewritesMessages()) {
            err.println("mailferry: " + target.displayName() + " stores messages re-rendered, not byte for byte:"
                    + " appended messages are not read back (--verify-append headers compares them anyway)");
            return ImapPolicy.AppendCheck.NONE;
        }
        return ImapPolicy.AppendCheck.HEADERS;
    }

    /** Case-insensitive, with the accepted words in the error. */
    static final class AppendCheckConverter implements picocli.CommandLine.ITypeConverter<ImapPolicy.AppendCheck> {
        @Override
        public ImapPolicy.AppendCheck convert(String value) {
            try {
                return ImapPolicy.AppendCheck.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "': write headers, full or none");
            }
        }
    }
}
