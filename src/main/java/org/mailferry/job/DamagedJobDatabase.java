package org.mailferry.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.util.SafeText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded job database (H2, {@code STATE/jobs/mailferry.mv.db}) when H2 cannot open it:
 * a corrupt header or no valid set of chunks (bytes overwritten, the file cut short). Run state
 * is a convenience (resumption, history): the sync state in the archive or the target ledger's
 * matching takes over, so the file is moved aside to {@code mailferry.mv.db.damaged-<time>} and
 * a new database is created, said in one warning line. A shared database ({@code --job-db}) is
 * never touched. Stateless.
 */
final class DamagedJobDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(DamagedJobDatabase.class);

    private DamagedJobDatabase() {
    }

    /** True when the embedded database failed to open because its file is damaged. */
    static boolean isDamage(EngineSettings settings, RuntimeException e) {
        if (settings.jobDbUrl() != null || !Files.exists(file(settings))) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException s && s.getErrorCode() == 90030) { // H2 FILE_CORRUPTED_1
                return true;
            }
            String m = String.valueOf(t.getMessage());
            if (t.getClass().getName().startsWith("org.h2.") && (m.contains("corrupt") || m.contains("unable to recover"))) {
                return true;
            }
        }
        return false;
    }

    /** Renames the damaged file and says so. */
    static void moveAside(EngineSettings settings, RuntimeException cause) {
        Path db = file(settings);
        Path aside = db.resolveSibling(db.getFileName() + ".damaged-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        try {
            Files.move(db, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            cause.addSuppressed(e);
            throw new MailferryException(FailureScope.STORE, ExitCode.ARCHIVE, "the job database " + db
                    + " could not be read and not be moved aside (" + e.getMessage() + "): move it away", cause);
        }
        LOG.warn("the job database {} could not be read ({}): moved aside to {}; run history starts again, the"
                + " archive's or target's sync state is used and nothing is copied twice", db,
                SafeText.escape(rootMessage(cause)), aside);
    }

    private static Path file(EngineSettings settings) {
        return settings.stateDir().resolve("jobs").resolve("mailferry.mv.db");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage()).replaceAll("\\s*\\[[0-9.]+/[0-9]+\\]$", "");
    }
}
