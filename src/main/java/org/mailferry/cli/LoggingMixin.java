package org.mailferry.cli;

import picocli.CommandLine.Option;

/**
 * {@code -v} (progress details, INFO), {@code -vv} (DEBUG, framework too), {@code -q} (errors
 * only, no progress) and {@code --log-file}. Main reads them from the arguments before any logger
 * exists ({@link #configure}); this mixin documents the options in every command's help.
 */
public final class LoggingMixin {

    private static final String QUIET = "mailferry.quiet";

    @Option(names = {"-v", "--verbose"}, description = "More log lines on stderr (-v info, -vv debug).")
    boolean[] verbosity = new boolean[0];

    @Option(names = {"-q", "--quiet"}, description = "Only errors on stderr: no progress, no warnings. "
            + "The summary still goes to stdout.")
    boolean quiet;

    @Option(names = "--log-file", paramLabel = "FILE", description = "Also append the log to FILE, with dates and "
            + "at least the info level (what was copied, retries, the outcome): for scheduled runs.")
    java.nio.file.Path logFile;

    /** Whether this run was asked to be quiet ({@code -q}); read by what prints progress and warnings. */
    static boolean quiet() {
        return Boolean.getBoolean(QUIET);
    }

    /** Sets the log level properties from raw arguments; call before the first logger is created. */
    public static void configure(String... args) {
        int v = 0;
        boolean quiet = false;
        String logFile = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--verbose")) {
                v++;
            } else if (a.matches("-v+")) {
                v += a.length() - 1;
            } else if (a.equals("-q") || a.equals("--quiet")) {
                quiet = true;
            } else if (a.equals("--log-file") && i + 1 < args.length) {
                logFile = args[++i];
            } else if (a.startsWith("--log-file=")) {
                logFile = a.substring("--log-file=".length());
            } else if (a.equals("--")) {
                break;
            }
        }
        String level = quiet ? "ERROR" : levelFor(v);
        System.setProperty(QUIET, String.valueOf(quiet));
        System.setProperty("mailferry.log.level", level);
        if (v >= 2) {
            System.setProperty("mailferry.framework.log.level", "INFO");
        } else {
            System.clearProperty("mailferry.framework.log.level"); // a previous run in this JVM may have set it
        }
        org.mailferry.logging.LogOutputs.apply(level, logFile == null ? null
                : java.nio.file.Path.of(org.mailferry.util.HomeDirectory.expand(logFile)));
    }

    static String levelFor(int verbosity) {
        return verbosity <= 0 ? "WARN" : verbosity == 1 ? "INFO" : "DEBUG";
    }
}
