package org.mailferry.store;

import java.util.ArrayList;
import java.util.List;

/**
 * IMAP SEARCH keys as a user typed them ({@code --search 'FROM bob SINCE 1-Mar-2025'}), checked
 * once: atoms, "quoted strings" (with \" and \\) and balanced parentheses, nothing that could end
 * the command line or announce a literal (no control characters, no {@code {n}}). The server
 * applies them; a run only sends them, as parsed {@link Token}s, so what reaches the server is
 * exactly one SEARCH command whatever was typed. Text outside ASCII is sent as UTF-8 strings.
 * Immutable.
 */
public final class SearchKeys {

    /** Longest key text accepted. */
    static final int MAX_LENGTH = 2_000;

    /** A piece of the keys. */
    public sealed interface Token permits Atom, Text, Group {
    }

    /** A key name, number, date or sequence set: sent as typed. */
    public record Atom(String value) implements Token {
    }

    /** A string value (quoted as typed, or an atom with characters outside ASCII): sent as an IMAP string. */
    public record Text(String value) implements Token {
    }

    /** A parenthesized list of keys (all must match). */
    public record Group(List<Token> tokens) implements Token {
    }

    private final String typed;
    private final List<Token> tokens;

    private SearchKeys(String typed, List<Token> tokens) {
        this.typed = typed;
        this.tokens = tokens;
    }

    /** @throws IllegalArgumentException naming what is wrong and where */
    public static SearchKeys parse(String typed) {
        if (typed == null || typed.isBlank()) {
            throw new IllegalArgumentException("no search keys given (e.g. 'FROM bob@example.com SINCE 1-Mar-2025')");
        }
        if (typed.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("search keys longer than " + MAX_LENGTH + " characters");
        }
        Parser p = new Parser(typed);
        List<Token> tokens = p.list(false);
        return new SearchKeys(typed.strip(), List.copyOf(tokens));
    }

    public List<Token> tokens() {
        return tokens;
    }

    /** Whether a string holds characters outside ASCII (the SEARCH then needs {@code CHARSET UTF-8}). */
    public boolean needsUtf8() {
        return needsUtf8(tokens);
    }

    private static boolean needsUtf8(List<Token> tokens) {
        for (Token t : tokens) {
            if (t instanceof Text s && !s.value().chars().allMatch(c -> c < 0x80)
                    || t instanceof Group g && needsUtf8(g.tokens())) {
                return true;
            }
        }
        return false;
    }

    /** The keys as typed (trimmed). */
    @Override
    public String toString() {
        return typed;
    }

    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        List<Token> list(boolean inGroup) {
            List<Token> out = new ArrayList<>();
            while (true) {
                while (i < s.length() && s.charAt(i) == ' ') {
                    i++;
                }
                if (i == s.length()) {
                    if (inGroup) {
                        throw error("a '(' is never closed");
                    }
                    return out;
                }
                char c = s.charAt(i);
                if (c == ')') {
                    if (!inGroup) {
                        throw error("')' without a '(' before it");
                    }
                    i++;
                    if (out.isEmpty()) {
                        throw error("empty parentheses");
                    }
                    return out;
                } else if (c == '(') {
                    i++;
                    out.add(new Group(List.copyOf(list(true))));
                } else if (c == '"') {
                    out.add(quoted());
                } else {
                    out.add(atom());
                }
            }
        }

        private Token quoted() {
            int start = i++;
            StringBuilder b = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return new Text(b.toString());
                }
                if (c == '\\') {
                    if (i == s.length() || s.charAt(i) != '"' && s.charAt(i) != '\\') {
                        throw error("in a quoted string only \\\" and \\\\ may follow a backslash");
                    }
                    c = s.charAt(i++);
                }
                control(c);
                b.append(c);
            }
            i = start;
            throw error("a '\"' is never closed");
        }

        private Token atom() {
            int start = i;
            boolean ascii = true;
            while (i < s.length() && " ()\"".indexOf(s.charAt(i)) < 0) {
                char c = s.charAt(i);
                control(c);
                if (c == '{' || c == '\\') {
                    throw error("'" + c + "' is not allowed outside quotes (put text in \"double quotes\")");
                }
                ascii &= c < 0x80;
                i++;
            }
            String v = s.substring(start, i);
            return ascii ? new Atom(v) : new Text(v);
        }

        private void control(char c) {
            if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0) {
                throw error("a control character (code " + (int) c + ")");
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at character " + (i + 1) + " of the search keys");
        }
    }
}
