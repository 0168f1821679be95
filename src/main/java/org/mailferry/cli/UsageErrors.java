package org.mailferry.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mailferry.error.ExitCode;
import org.mailferry.util.JsonDocument;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns a command-line mistake into two lines on stderr and exit code 2: what is wrong, then the
 * help command to read (with {@code --json}, also a JSON error object on stdout). A word the command does not know is named before anything it misses
 * ({@code --sorce x} is an unknown option, not a missing {@code --source}), with the closest
 * known names as suggestions. The value after an unknown option is never printed: it may be a
 * password ({@code --password secret}).
 */
final class UsageErrors implements IParameterExceptionHandler {

    private static final List<String> PASSWORD_WORDS = List.of("--password", "--pass", "-p");

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
        String message = unmatched.isEmpty() ? ex.getMessage() : unknown(cmd, unmatched);
        err.println("mailferry: " + message);
        err.println("Try '" + name + " --help'.");
        err.flush();
        if (Arrays.asList(args).contains("--json")) { // a script reads stdout: it gets the error there too
            out.println(JsonDocument.of(Map.of("outcome", "usage-error", "exitCode", ExitCode.USAGE.code(), "error", message)));
            out.flush();
        }
        return ExitCode.USAGE.code();
    }

    /** The first unknown word (an option before a stray value), with suggestions. */
    static String unknown(CommandLine cmd, List<String> unmatched) {
        String token = unmatched.stream().filter(a -> a.startsWith("-")).findFirst().orElse(unmatched.get(0));
        String word = token.startsWith("--") && token.contains("=") ? token.substring(0, token.indexOf('=')) : token;
        String prefix = secretOptionPrefix(word);
        if (prefix != null) {
            return "there is no " + word + " option: a password never goes on the command line (other users see it in"
                    + " the process list). Use " + prefix + "-file FILE (first line of a chmod 600 file), "
                    + prefix + "-env VAR (an environment variable) or " + prefix
                    + "-command CMD (e.g. 'pass show mail/alice'); without any of them mailferry asks at the terminal";
        }
        boolean option = word.startsWith("-");
        String kind = option ? "unknown option" : cmd.getSubcommands().isEmpty() ? "unexpected argument" : "unknown command";
        List<String> suggestions = new UnmatchedArgumentException(cmd, List.of(word)).getSuggestions().stream()
                .filter(s -> !s.equals(word)).distinct().limit(3).toList();
        String shown = option ? word : "'" + word + "'";
        return kind + " " + shown + (suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions) + "?");
    }

    /** "--password" for --password/--pass/-p, "--target-password" and "--smtp-password" likewise; else null. */
    private static String secretOptionPrefix(String word) {
        if (PASSWORD_WORDS.contains(word)) {
            return "--password";
        }
        for (String side : List.of("--target", "--smtp", "--job-db")) {
            if (word.equals(side + "-password") || word.equals(side + "-pass")) {
                return side + "-password";
            }
        }
        return null;
    }
}
