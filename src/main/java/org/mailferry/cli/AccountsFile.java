package org.mailferry.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mailferry.auth.CommandSecret;
import org.mailferry.auth.Credentials;
import org.mailferry.auth.EnvSecret;
import org.mailferry.auth.FileSecret;
import org.mailferry.auth.PasswordCredentials;
import org.mailferry.auth.Secret;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.store.StoreUri;

/**
 * The {@code --accounts} CSV file of a batch migration: a header line naming the columns
 * ({@code source}, {@code source_secret}, {@code target}, {@code target_secret}, optional
 * {@code folders}, {@code exclude}, {@code map} holding {@code ;}-separated lists), then one
 * account per line. Secrets are references ({@code env:VAR}, {@code file:PATH},
 * {@code command:CMD}), never the secret itself; an empty one means "the command-line options of
 * that side". Quoting as RFC 4180. Errors name the file, the line and what was expected.
 */
final class AccountsFile {

    private static final Set<String> COLUMNS = Set.of("source", "source_secret", "target", "target_secret", "folders",
            "exclude", "map");

    /** One row: URIs, credentials (null: use the command-line options) and per-account folder options. */
    record Account(int line, StoreUri source, Credentials sourceCredentials, StoreUri target,
                   Credentials targetCredentials, List<String> folders, List<String> excludes, List<String> maps) {
    }

    private AccountsFile() {
    }

    static List<Account> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw usage(file + ": cannot read the accounts file: " + e.getMessage());
        }
        List<String> header = null;
        List<Account> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            List<String> cells = cells(line, file, i + 1);
            if (header == null) {
                header = cells.stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
                for (String c : header) {
                    if (!COLUMNS.contains(c)) {
                        throw usage(file + " line " + (i + 1) + ": unknown column '" + c + "'; expected " + COLUMNS);
                    }
                }
                if (!header.contains("source") || !header.contains("target")) {
                    throw usage(file + " line " + (i + 1) + ": the header must name at least the columns source and target");
                }
                continue;
            }
            out.add(account(header, cells, file, i + 1));
        }
        if (out.isEmpty()) {
            throw usage(file + ": no account listed (a header line, then one account per line)");
        }
        return out;
    }

    private static Account account(List<String> header, List<String> cells, Path file, int line) {
        if (cells.size() > header.size()) {
            throw usage(file + " line " + line + ": " + cells.size() + " fields but the header names " + header.size());
        }
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            row.put(header.get(i), cells.get(i).strip());
        }
        String where = file + " line " + line + ": ";
        StoreUri source = uri(row.get("source"), where + "source");
        StoreUri target = uri(row.get("target"), where + "target");
        return new Account(line, source, credentials(source, row.get("source_secret"), where + "source_secret"), target,
                credentials(target, row.get("target_secret"), where + "target_secret"), list(row.get("folders")),
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

    private static Credentials credentials(StoreUri uri, String reference, String where) {
        if (reference == null || reference.isEmpty()) {
            return null;
        }
        Secret secret;
        if (reference.startsWith("env:")) {
            secret = new EnvSecret(reference.substring(4));
        } else if (reference.startsWith("file:")) {
            secret = new FileSecret(Path.of(reference.substring(5)));
        } else if (reference.startsWith("command:")) {
            secret = new CommandSecret(reference.substring(8));
        } else {
            throw usage(where + " is not a reference: write env:VAR, file:PATH or command:CMD (never the secret itself)");
        }
        return new PasswordCredentials(uri.user(), secret);
    }

    private static List<String> list(String cell) {
        if (cell == null || cell.isBlank()) {
            return List.of();
        }
        return Arrays.stream(cell.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Splits one CSV line (RFC 4180 quoting; a quoted field does not span lines here). */
    static List<String> cells(String line, Path file, int number) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw usage(file + " line " + number + ": a quoted field is not closed");
        }
        out.add(cell.toString());
        return out;
    }

    private static MailferryException usage(String m) {
        return new MailferryException(FailureScope.STORE, ExitCode.USAGE, m);
    }
}
