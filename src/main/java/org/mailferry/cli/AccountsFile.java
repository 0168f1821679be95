package org.mailferry.cli;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.mailferry.auth.AuthChoice;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.store.StoreUri;
import org.mailferry.util.HomeDirectory;

/**
 * The {@code --accounts} CSV file of a batch migration: a header line naming the columns
 * ({@code source}, {@code source_secret}, {@code target}, {@code target_secret}, optional
 * {@code folders}, {@code exclude}, {@code map} holding {@code ;}-separated lists), then one
 * account per record. Secrets are references ({@code env:VAR}, {@code file:PATH},
 * {@code command:CMD}), never the secret itself; an empty one means "the command-line options of
 * that side". Parsed by Apache Commons CSV as RFC 4180 (quoted fields may hold commas, doubled
 * quotes and line breaks; LF or CRLF line ends), UTF-8 with or without a byte-order mark; blank
 * lines and lines starting with {@code #} are skipped. Every bad record is reported at once as
 * {@code FILE:LINE: what is wrong} (the line where the record starts), exit code 2.
 */
final class AccountsFile {

    private static final Set<String> COLUMNS = Set.of("source", "source_secret", "target", "target_secret", "folders",
            "exclude", "map");

    private static final Pattern LINE_IN_MESSAGE = Pattern.compile("line:? (\\d+)");

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setCommentMarker('#')
            .setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(true)
            .setTrim(true)
            .get();

    /** One row: URIs, credentials (null: use the command-line options) and per-account folder options. */
    record Account(int line, StoreUri source, AuthChoice sourceAuth, StoreUri target,
                   AuthChoice targetAuth, List<String> folders, List<String> excludes, List<String> maps) {
    }

    private AccountsFile() {
    }

    static List<Account> read(Path file) {
        return read(file, true);
    }

    /**
     * @param needsTarget false for a backup, whose rows may leave the target out (the archive then
     *                    comes from {@code --to}); their {@link Account#target()} is null
     */
    static List<Account> read(Path file, boolean needsTarget) {
        String text = text(file);
        LineNumbers lines = new LineNumbers(text);
        List<String> problems = new ArrayList<>();
        List<Account> out = new ArrayList<>();
        List<String> header = null;
        try (CSVParser parser = CSVParser.parse(new StringReader(text), FORMAT)) {
            for (CSVRecord record : parser) {
                int line = lines.lineAt(record.getCharacterPosition());
                List<String> cells = record.toList();
                if (cells.stream().allMatch(String::isEmpty)) {
                    continue;
                }
                if (header == null) {
                    header = header(cells, file + ":" + line + ": ", needsTarget);
                    continue;
                }
                try {
                    out.add(account(header, cells, file + ":" + line + ": ", line, needsTarget));
                } catch (MailferryException e) {
                    problems.add(e.getMessage());
                }
            }
        } catch (IOException | UncheckedIOException e) {
            problems.add(malformed(file, rootMessage(e)));
        }
        if (!problems.isEmpty()) {
            throw usage(String.join("\n", problems));
        }
        if (out.isEmpty()) {
            throw usage(file + ": no account listed (a header line, then one account per line)");
        }
        return out;
    }

    private static String text(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw usage(file + ": the accounts file is not UTF-8 text");
        } catch (IOException e) {
            throw usage(file + ": cannot read the accounts file: " + e.getMessage());
        }
    }

    private static List<String> header(List<String> cells, String where, boolean needsTarget) {
        List<String> header = cells.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        for (String c : header) {
            if (!COLUMNS.contains(c)) {
                throw usage(where + "unknown column '" + c + "'; expected " + COLUMNS);
            }
        }
        if (!header.contains("source") || needsTarget && !header.contains("target")) {
            throw usage(where + "the header must name at least the columns source" + (needsTarget ? " and target" : ""));
        }
        return header;
    }

    private static Account account(List<String> header, List<String> cells, String where, int line,
                                   boolean needsTarget) {
        if (cells.size() > header.size()) {
            throw usage(where + cells.size() + " fields but the header names " + header.size());
        }
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            row.put(header.get(i), cells.get(i));
        }
        StoreUri source = uri(row.get("source"), where + "source");
        String targetCell = row.get("target");
        StoreUri target = !needsTarget && (targetCell == null || targetCell.isEmpty()) ? null
                : uri(targetCell, where + "target");
        return new Account(line, source, secret(row.get("source_secret"), where + "source_secret"), target,
                secret(row.get("target_secret"), where + "target_secret"), list(row.get("folders")),
                list(row.get("exclude")), list(row.get("map")));
    }

    private static StoreUri uri(String text, String where) {
        if (text == null || text.isEmpty()) {
            throw usage(where + " is empty");
        }
        try {
            return StoreUri.parse(text);
        } catch (MailferryException e) {
            throw usage(where + ": " + e.getMessage());
        }
    }

    /** The row's secret reference as a password choice (named after its cell in messages), or null. */
    private static AuthChoice secret(String reference, String where) {
        if (reference == null || reference.isEmpty()) {
            return null;
        }
        String option = where + " ";
        if (reference.startsWith("env:")) {
            return AuthChoice.password(option, null, reference.substring(4), null);
        }
        if (reference.startsWith("file:")) {
            return AuthChoice.password(option, Path.of(HomeDirectory.expand(reference.substring(5))), null, null);
        }
        if (reference.startsWith("command:")) {
            return AuthChoice.password(option, null, null, reference.substring(8));
        }
        throw usage(where + " is not a reference: write env:VAR, file:PATH or command:CMD (never the secret itself)");
    }

    private static List<String> list(String cell) {
        if (cell == null || cell.isBlank()) {
            return List.of();
        }
        return Arrays.stream(cell.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Commons CSV's words for a record it could not finish, as {@code FILE:LINE: what to fix}. */
    static String malformed(Path file, String message) {
        Matcher line = LINE_IN_MESSAGE.matcher(message == null ? "" : message);
        String where = line.find() ? file + ":" + line.group(1) + ": " : file + ": ";
        if (message != null && message.contains("EOF reached before encapsulated token finished")) {
            return where + "a quoted field is not closed (a \" opens it and no \" ends it)";
        }
        if (message != null && message.contains("Invalid character between encapsulated token and delimiter")) {
            return where + "text after the closing \" of a quoted field (write a \" inside a quoted field as \"\")";
        }
        return where + "not a valid CSV file: " + message;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static MailferryException usage(String m) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, m);
    }

    /**
     * Line numbers (1-based) of records in a text with LF, CRLF or CR line ends. Commons CSV gives
     * a record's position where its parser started reading it, which can be a blank or comment line
     * it skipped: the record's line is the first one after those.
     */
    private static final class LineNumbers {
        private final String text;
        private final List<Integer> lineStarts = new ArrayList<>();

        LineNumbers(String text) {
            this.text = text;
            lineStarts.add(0);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                    lineStarts.add(i + 1);
                }
            }
        }

        int lineAt(long position) {
            int i = (int) position;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '\r' || c == '\n') {
                    i++;
                } else if (c == '#' && (i == 0 || text.charAt(i - 1) == '\n' || text.charAt(i - 1) == '\r')) {
                    while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                        i++;
                    }
                } else {
                    break;
                }
            }
            int found = Collections.binarySearch(lineStarts, i);
            return found >= 0 ? found + 1 : -found - 1;
        }
    }
}
