package org.mailferry.job;

import java.nio.file.Path;
import org.mailferry.auth.Secret;

/**
 * Where run state lives. By default an H2 file database under the state directory; a shared
 * database (PostgreSQL) when {@code jobDbUrl} is given.
 *
 * @param stateDir       private directory for the job database, locks and spool (0700)
 * @param jobDbUrl       JDBC URL of the job database, or {@code null} for the embedded default
 * @param jobDbUser      user of that database, or {@code null}
 * @param jobDbPassword  its password source, or {@code null}
 */
public record EngineSettings(Path stateDir, String jobDbUrl, String jobDbUser, Secret jobDbPassword) {

    public String effectiveJobDbUrl() {
        if (jobDbUrl != null) {
            return jobDbUrl;
        }
        return "jdbc:h2:file:" + stateDir.resolve("jobs").resolve("mailferry").toAbsolutePath()
                + ";WRITE_DELAY=0;AUTO_SERVER=TRUE";
    }

    public Path lockDir() {
        return stateDir.resolve("locks");
    }

    public Path spoolDir() {
        return stateDir.resolve("spool");
    }
}
