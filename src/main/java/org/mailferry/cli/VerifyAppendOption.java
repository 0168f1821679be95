package org.mailferry.cli;

import org.mailferry.imap.ImapPolicy;
import picocli.CommandLine.Option;

/**
 * {@code --verify-append headers|full|none}: how the messages written to an IMAP target are read
 * back and compared with what was sent.
 */
public final class VerifyAppendOption {

    @Option(names = "--verify-append", defaultValue = "headers", paramLabel = "headers|full|none",
            converter = AppendCheckConverter.class,
            description = "Read back what the target stored after each chunk: headers (size and header bytes, one"
                    + " command per chunk; default), full (SHA-256 of every byte: downloads everything again) or none."
                    + " A message the target altered is reported and the run ends with exit code 3.")
    ImapPolicy.AppendCheck appendCheck;

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
