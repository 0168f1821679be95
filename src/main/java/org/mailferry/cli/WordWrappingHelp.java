package org.mailferry.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * picocli's help, wrapped only at spaces. picocli wraps with a line BreakIterator, which also
 * breaks after a dot or a slash: {@code https://mail.} / {@code google.com}, {@code ~/.} /
 * {@code local/state}, a path in an example cut in two so that copying it fails. Here a URL, a
 * path or an option stays whole on one line (only a word longer than the whole column is still
 * cut). The option and command lists and the footer (the examples) go through it. Stateless.
 */
final class WordWrappingHelp extends Help {

    WordWrappingHelp(CommandSpec spec, ColorScheme scheme) {
        super(spec, scheme);
    }

    @Override
    public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals, ColorScheme scheme) {
        int longOptions = calcLongOptionColumnWidth(options, positionals, scheme);
        TextTable table = TextTable.forDefaultColumns(scheme, longOptions, commandSpec().usageMessage().width());
        return new Layout(scheme, new SpaceWrappingTable(scheme, table));
    }

    @Override
    public TextTable createTextTable(Map<?, ?> map) {
        return new SpaceWrappingTable(colorScheme(), super.createTextTable(map));
    }

    @Override
    public String footer(Object... params) {
        String footer = super.footer(params);
        int width = commandSpec().usageMessage().width();
        StringBuilder out = new StringBuilder();
        // from the footer lines themselves: super.footer has already broken them at its own places
        for (String line : commandSpec().usageMessage().footer()) {
            String text = String.format(line, params);
            String indent = text.substring(0, text.length() - text.stripLeading().length());
            List<String> lines = wrap(text.strip(), width - indent.length(), 2);
            for (String l : lines) {
                out.append(indent).append(l).append(System.lineSeparator());
            }
        }
        return footer.isEmpty() ? footer : out.toString();
    }

    /** {@code text} in lines of at most {@code width} characters, broken at spaces; later lines indented by {@code hang}. */
    static List<String> wrap(String text, int width, int hang) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            int limit = lines.isEmpty() ? width : width - hang;
            if (line.length() > 0 && line.length() + 1 + word.length() > limit) {
                lines.add((lines.isEmpty() ? "" : " ".repeat(hang)) + line);
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0 || lines.isEmpty()) {
            lines.add((lines.isEmpty() ? "" : " ".repeat(hang)) + line);
        }
        return lines;
    }

    /** A text table whose wrapping columns break lines at spaces only. */
    private static final class SpaceWrappingTable extends TextTable {

        private final ColorScheme scheme;

        SpaceWrappingTable(ColorScheme scheme, TextTable model) {
            super(scheme, model.columns());
            this.scheme = scheme;
            this.indentWrappedLines = model.indentWrappedLines;
            setAdjustLineBreaksForWideCJKCharacters(model.isAdjustLineBreaksForWideCJKCharacters());
        }

        @Override
        public Cell putValue(int row, int col, Ansi.Text value) {
            Column column = columns()[col];
            String plain = value.plainString();
            int room = column.width - column.indent;
            if (column.overflow != Column.Overflow.WRAP || plain.length() <= room || plain.contains("\n")
                    || !value.toString().equals(plain) || row != rowCount() - 1) {
                return super.putValue(row, col, value); // fits, styled, or not the row being filled: picocli's way
            }
            List<String> lines = wrap(plain, room, indentWrappedLines);
            Cell cell = super.putValue(row, col, scheme.ansi().new Text(lines.get(0), scheme));
            for (String line : lines.subList(1, lines.size())) {
                addEmptyRow();
                cell = super.putValue(rowCount() - 1, col, scheme.ansi().new Text(line, scheme));
            }
            return cell;
        }
    }
}
