package org.mailferry.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Where mailferry's log lines go, set once per run from the command line: stderr from a level up
 * ({@code -q}: errors only), and optionally a file ({@code --log-file}, appended, dated lines, at
 * least info level), with the same masking and escaping as stderr. Reapplied at every run, so
 * runs in one process (the scheduler, tests) do not inherit each other's outputs.
 */
public final class LogOutputs {

    private static final String FILE = "FILE";
    private static final String STDERR = "STDERR";

    private LogOutputs() {
    }

    /**
     * @param stderrLevel the least level printed on stderr
     * @param logFile     the file that also receives the log, or null
     */
    public static void apply(String stderrLevel, Path logFile) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return; // another SLF4J binding (an embedding application): its configuration rules
        }
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        Level stderr = Level.toLevel(stderrLevel, Level.WARN);
        Level file = logFile == null ? Level.OFF : stderr.isGreaterOrEqual(Level.INFO) ? Level.INFO : stderr;
        ctx.getLogger("org.mailferry").setLevel(stderr.isGreaterOrEqual(file) ? file : stderr);
        Appender<ILoggingEvent> console = root.getAppender(STDERR);
        if (console != null) {
            console.clearAllFilters();
            ThresholdFilter threshold = new ThresholdFilter();
            threshold.setLevel(stderr.toString());
            threshold.start();
            console.addFilter(threshold);
        }
        Appender<ILoggingEvent> old = root.getAppender(FILE);
        if (old != null) {
            root.detachAppender(old);
            old.stop();
        }
        if (logFile != null) {
            root.addAppender(fileAppender(ctx, logFile, file));
        }
    }

    private static Appender<ILoggingEvent> fileAppender(LoggerContext ctx, Path logFile, Level level) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{0}: %safeMsg%n%safeEx");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setName(FILE);
        appender.setContext(ctx);
        appender.setFile(logFile.toAbsolutePath().toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        ThresholdFilter threshold = new ThresholdFilter();
        threshold.setLevel(level.toString());
        threshold.start();
        appender.addFilter(threshold);
        appender.start();
        return appender;
    }
}
