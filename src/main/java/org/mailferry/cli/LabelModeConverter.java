package org.mailferry.cli;

import java.util.Locale;
import org.mailferry.store.LabelMode;
import picocli.CommandLine;

/** {@code --labels folders|primary}. */
final class LabelModeConverter implements CommandLine.ITypeConverter<LabelMode> {

    @Override
    public LabelMode convert(String value) {
        try {
            return LabelMode.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "': use folders or primary");
        }
    }
}
