package org.mailferry.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.mailferry.error.ExitCode;
import org.mailferry.error.MailferryException;
import org.mailferry.job.EmbeddedDatabaseDefaults;
import org.mailferry.util.EnvironmentVariables;
import org.mailferry.util.HomeDirectory;
import org.mailferry.util.SafeText;
import org.mailferry.util.SecretMask;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Entry point. {@link #run} is the whole CLI, testable in-process: it returns the exit code
 * instead of exiting. Every failure ends as one line on stderr and a documented exit code; a stack
 * trace is logged only with {@code -v}.
 */
public final class Main {

    static {
        EmbeddedDatabaseDefaults.apply(); // before any command touches H2
    }

    private Main() {
    }

    public static void main(String[] args) {
        LoggingMixin.configure(args);
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * {@link #run(PrintWriter, PrintWriter, String...)} with {@code environment} as the whole set of
     * environment variables the command reads instead of the process's ({@link EnvironmentVariables}).
     */
    public static int run(PrintWriter out, PrintWriter err, Map<String, String> environment, String... args) {
        return EnvironmentVariables.during(environment, () -> run(out, err, args));
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err).execute(args);
    }

    /** The whole command line, printing to {@code out} and {@code err}, with its error handling; not yet run. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new MailferryCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            int code = report(ex, err);
            if (code == ExitCode.USAGE.code() && jsonAsked(parseResult)) { // found after parsing: --json still promises stdout
                UsageErrors.printJson(out, find(ex).getMessage());
            }
            return code;
        });
        cl.setParameterExceptionHandler(new UsageErrors(out, err));
        cl.setUsageHelpAutoWidth(true);
        cl.setHelpFactory(WordWrappingHelp::new); // URLs and paths are never cut in two
        cl.registerConverter(java.nio.file.Path.class, text -> java.nio.file.Path.of(HomeDirectory.expand(text))); // every file option
        return cl;
    }

    static int report(Exception ex, PrintWriter err) {
        MailferryException m = find(ex);
        if (m != null) {
            err.println("mailferry: " + m.getMessage());
            err.flush();
            LoggerFactory.getLogger(Main.class).debug("failure", ex);
            return m.exitCode().code();
        }
        // The stack trace only at -v (INFO) and above: without it, one line.
        LoggerFactory.getLogger(Main.class).info("unexpected failure", ex);
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        err.println("mailferry: internal error: " + SecretMask.text(SafeText.escape(root.toString()))
                + " (run with -v for details and report it)");
        err.flush();
        return ExitCode.INTERNAL.code();
    }

    /** Whether the command that ran was given {@code --json}. */
    private static boolean jsonAsked(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult last = parseResult;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        return last.hasMatchedOption("--json");
    }

    private static MailferryException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof MailferryException m) {
                return m;
            }
        }
        return null;
    }
}
