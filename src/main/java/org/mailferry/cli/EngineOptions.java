package org.mailferry.cli;

import java.nio.file.Path;
import org.mailferry.auth.EnvSecret;
import org.mailferry.auth.FileSecret;
import org.mailferry.auth.Secret;
import org.mailferry.job.EngineSettings;
import org.mailferry.util.EnvironmentVariables;
import org.mailferry.util.HomeDirectory;
import picocli.CommandLine.Option;

/** Where run state lives: the state directory and the job database. */
public final class EngineOptions {

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Private state directory (job database, locks, spool). Default: $MAILFERRY_STATE_DIR, else $XDG_STATE_HOME/mailferry, else ~/.local/state/mailferry.")
    Path stateDir;

    @Option(names = "--job-db", paramLabel = "JDBC-URL", description = "Job database shared by several machines, e.g. jdbc:postgresql://db/mailferry. Default: an H2 file in the state directory.")
    String jobDb;

    @Option(names = "--job-db-user", paramLabel = "USER", description = "User for --job-db.")
    String jobDbUser;

    @Option(names = "--job-db-password-env", paramLabel = "VAR", description = "Environment variable holding the --job-db password.")
    String jobDbPasswordEnv;

    @Option(names = "--job-db-password-file", paramLabel = "FILE", description = "File holding the --job-db password.")
    Path jobDbPasswordFile;

    public EngineSettings settings() {
        Secret pw = jobDbPasswordEnv != null ? new EnvSecret(jobDbPasswordEnv, "--job-db-password-env")
                : jobDbPasswordFile != null ? new FileSecret(jobDbPasswordFile, "--job-db-password-file") : null;
        return new EngineSettings(stateDir(), jobDb == null ? EnvironmentVariables.get("MAILFERRY_JOB_DB") : jobDb, jobDbUser, pw);
    }

    Path stateDir() {
        return stateDir != null ? stateDir.toAbsolutePath() : defaultStateDir();
    }

    /** $MAILFERRY_STATE_DIR, else $XDG_STATE_HOME/mailferry, else ~/.local/state/mailferry. */
    static Path defaultStateDir() {
        String env = EnvironmentVariables.get("MAILFERRY_STATE_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        String xdg = EnvironmentVariables.get("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : HomeDirectory.path().resolve(".local").resolve("state");
        return base.resolve("mailferry").toAbsolutePath();
    }
}
