package org.mailferry.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.mailferry.error.ExitCode;
import org.mailferry.util.JsonDocument;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns a command-line mistake into two lines on stderr and exit code 2: what is wrong, then the
 * help command to read (with {@code --json}, also a JSON error object on stdout). A word the command does not know is named before anything it misses
 * ({@code --sorce x} is an unknown option, not a missing {@code --source}), with the closest
 * known names as suggestions (by edit distance, so {@code --oauth-refreh-token-env} finds its
 * option). The value after or attached to an unknown option is never printed: it may be a
 * password ({@code --password secret}, {@code -pSECRET}); a word that tries to pass a secret
 * is answered with the options of this command that take it.
 */
final class UsageErrors implements IParameterExceptionHandler {

    /** Last words of an option name that mean "the secret itself" ({@code p} as in {@code -p}). */
    private static final Set<String> PASSWORD_WORDS = Set.of("password", "pass", "passwd", "pw", "pwd", "p");
    private static final Set<String> SECRET_WORDS = Set.of("password", "pass", "passwd", "pw", "pwd", "p", "secret", "token");
    /** The ways a secret can be given, in the order they are offered. */
    private static final Map<String, String> SECRET_SOURCES = new LinkedHashMap<>();

    static {
        SECRET_SOURCES.put("file", "FILE (first line of a chmod 600 file)");
        SECRET_SOURCES.put("env", "VAR (an environment variable)");
        SECRET_SOURCES.put("command", "CMD (the first line it prints, e.g. 'pass show mail/alice')");
    }

    private final PrintWriter out;
    private final PrintWriter err;

    UsageErrors(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String name = cmd.getCommandSpec().qualifiedName();
        if (args.length == 0 && cmd.getParent() == null) {
            cmd.usage(err);
            err.flush();
            return ExitCode.USAGE.code();
        }
        List<String> unmatched = cmd.getUnmatchedArguments();
        String message = unmatched.isEmpty() ? plain(ex.getMessage()) : unknown(cmd, unmatched);
        err.println("mailferry: " + message);
        err.println("Try '" + name + " --help'.");
        err.flush();
        if (Arrays.asList(args).contains("--json")) { // a script reads stdout: it gets the error there too
            printJson(out, message);
        }
        return ExitCode.USAGE.code();
    }

    /** picocli's type names in plain words: {@code '--limit' ... 'x' is not an int} becomes "--limit takes a whole number, not 'x'". */
    static String plain(String message) {
        if (message == null) {
            return "";
        }
        return message
                .replaceFirst("^Invalid value for option '([^']+)': '(.*)' is not an? (int|long|integer|short|byte)$",
                        "$1 takes a whole number, not '$2'")
                .replaceFirst("^Invalid value for option '([^']+)': '(.*)' is not an? (double|float)$", "$1 takes a number, not '$2'")
                .replaceFirst("^Invalid value for positional parameter at index \\d+ \\(([^)]+)\\): '(.*)' is not an? (int|long|integer)$",
                        "$1 must be a whole number, not '$2'");
    }

    /** The JSON error object of a usage error, for {@code --json}. */
    static void printJson(PrintWriter out, String message) {
        out.println(JsonDocument.of(Map.of("outcome", "usage-error", "exitCode", ExitCode.USAGE.code(), "error", message)));
        out.flush();
    }

    /** The first unknown word (an option before a stray value), with suggestions. */
    static String unknown(CommandLine cmd, List<String> unmatched) {
        String token = unmatched.stream().filter(a -> a.startsWith("-")).findFirst().orElse(unmatched.get(0));
        String word = token.startsWith("--") && token.contains("=") ? token.substring(0, token.indexOf('=')) : token;
        if (!word.startsWith("--") && word.startsWith("-") && word.length() > 2
                && SECRET_WORDS.contains(word.substring(1, 2).toLowerCase(Locale.ROOT))) {
            word = word.substring(0, 2); // -pSECRET or -p=SECRET: the rest is the password, never printed
        }
        String secretHint = secretHint(cmd, word);
        if (secretHint != null) {
            return secretHint;
        }
        boolean option = word.startsWith("-");
        String kind = option ? "unknown option" : cmd.getSubcommands().isEmpty() ? "unexpected argument" : "unknown command";
        List<String> suggestions = suggestions(cmd, word, option);
        String shown = option ? word : "'" + word + "'";
        return kind + " " + shown + (suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions) + "?");
    }

    /**
     * Up to three names of this command close to {@code word}: the closest ones within a few typing
     * mistakes (letters left out, added, changed or swapped); else picocli's own guesses.
     */
    static List<String> suggestions(CommandLine cmd, String word, boolean option) {
        Collection<String> names = option ? cmd.getCommandSpec().optionsMap().keySet() : cmd.getSubcommands().keySet();
        String typed = word.toLowerCase(Locale.ROOT);
        int allowed = Math.max(2, typed.replaceFirst("^-+", "").length() / 4);
        Map<String, Integer> distance = new TreeMap<>();
        names.stream().filter(n -> !n.equals(word)).forEach(n -> distance.put(n, EditDistance.of(typed, n.toLowerCase(Locale.ROOT))));
        int best = distance.values().stream().min(Integer::compare).orElse(Integer.MAX_VALUE);
        List<String> close = best > allowed ? List.of()
                : distance.entrySet().stream().filter(e -> e.getValue() == best).map(Map.Entry::getKey).limit(3).toList();
        if (!close.isEmpty()) {
            return close;
        }
        return new UnmatchedArgumentException(cmd, List.of(word)).getSuggestions().stream()
                .filter(s -> !s.equals(word)).distinct().limit(3).toList();
    }

    /**
     * For a word that tries to give a secret as an argument ({@code --password}, {@code -p},
     * {@code --target-pass}, {@code --oauth-client-secret}, {@code --Password}): why there is no
     * such option, and the options of this very command that take that secret instead; null for
     * any other word.
     */
    static String secretHint(CommandLine cmd, String word) {
        if (!word.startsWith("-")) {
            return null;
        }
        String bare = word.toLowerCase(Locale.ROOT).replaceFirst("^-+", "");
        String last = bare.substring(bare.lastIndexOf('-') + 1);
        if (!SECRET_WORDS.contains(last) || cmd.getCommandSpec().optionsMap().containsKey(word)) {
            return null;
        }
        String side = bare.substring(0, bare.length() - last.length());
        String stem = PASSWORD_WORDS.contains(last) ? side + "password" : bare;
        List<String> sources = secretSources(cmd, stem);
        if (sources.isEmpty() && (side.equals("source-") || side.equals("imap-"))) {
            stem = "password";
            sources = secretSources(cmd, stem);
        }
        String why = "there is no " + word + " option: a secret never goes on the command line (other users see it in"
                + " the process list)";
        if (sources.isEmpty()) {
            List<String> others = cmd.getCommandSpec().optionsMap().keySet().stream()
                    .filter(n -> n.contains("password-") && n.matches(".*-(file|env|command)$")).sorted().toList();
            return why + (others.isEmpty() ? ", and " + cmd.getCommandSpec().qualifiedName() + " needs none"
                    : "; " + cmd.getCommandSpec().qualifiedName() + " takes " + String.join(", ", others));
        }
        boolean prompts = stem.equals("password") || stem.equals("target-password");
        return why + ". Use " + join(sources) + (prompts ? "; without any of them mailferry asks at the terminal" : "");
    }

    /** This command's options {@code --STEM-file/-env/-command}, each with what it takes. */
    private static List<String> secretSources(CommandLine cmd, String stem) {
        Map<String, OptionSpec> options = cmd.getCommandSpec().optionsMap();
        return SECRET_SOURCES.entrySet().stream().filter(e -> options.containsKey("--" + stem + "-" + e.getKey()))
                .map(e -> "--" + stem + "-" + e.getKey() + " " + e.getValue()).toList();
    }

    private static String join(List<String> parts) {
        return parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " or " + parts.get(parts.size() - 1);
    }
}
