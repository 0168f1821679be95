package org.mailferry.cli;

import picocli.CommandLine.Option;

/**
 * {@code -v} (progress details, INFO) and {@code -vv} (DEBUG, framework too). Main reads the
 * level from the arguments before any logger exists ({@link #levelFor}); this mixin documents
 * the option in every command's help.
 */
public final class LoggingMixin {

    @Option(names = {"-v", "--verbose"}, description = "More log lines on stderr (-v info, -vv debug).")
    boolean[] verbosity = new boolean[0];

    /** Sets the log level properties from raw arguments; call before the first logger is created. */
    public static void configure(String... args) {
        int v = 0;
        for (String a : args) {
            if (a.equals("--verbose")) {
                v++;
            } else if (a.matches("-v+")) {
                v += a.length() - 1;
            } else if (a.equals("--")) {
                break;
            }
        }
        System.setProperty("mailferry.log.level", levelFor(v));
        if (v >= 2) {
            System.setProperty("mailferry.framework.log.level", "INFO");
        } else {
            System.clearProperty("mailferry.framework.log.level"); // a previous run in this JVM may have set it
        }
    }

    static String levelFor(int verbosity) {
        return verbosity <= 0 ? "WARN" : verbosity == 1 ? "INFO" : "DEBUG";
    }
}
