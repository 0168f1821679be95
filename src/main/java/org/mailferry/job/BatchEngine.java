package org.mailferry.job;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.util.PrivateFiles;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Starts Spring Batch for one command: the job database (created if missing, private to the
 * user), the JobRepository and the jobs. Commands that only parse options never start it.
 */
public final class BatchEngine implements AutoCloseable {

    static {
        EmbeddedDatabaseDefaults.apply();
    }

    private static final java.util.concurrent.atomic.AtomicInteger STARTED = new java.util.concurrent.atomic.AtomicInteger();

    private final ConfigurableApplicationContext context;
    private final EngineSettings settings;

    private final boolean replacedDamaged;

    private BatchEngine(ConfigurableApplicationContext context, EngineSettings settings, boolean replacedDamaged) {
        this.context = context;
        this.settings = settings;
        this.replacedDamaged = replacedDamaged;
    }

    public static BatchEngine start(EngineSettings settings) {
        try {
            PrivateFiles.createDirectories(settings.stateDir());
            PrivateFiles.createOwnDirectory(settings.lockDir());
            if (settings.jobDbUrl() == null) { // made 0700 before H2 writes its files and its server key there
                PrivateFiles.createOwnDirectory(settings.stateDir().resolve("jobs"));
            }
        } catch (IOException e) {
            throw new MailferryException(FailureScope.STORE, ExitCode.ARCHIVE,
                    "cannot create the state directory " + settings.stateDir() + ": " + e.getMessage(), e);
        }
        Map<String, Object> props = new HashMap<>();
        props.put("spring.datasource.url", settings.effectiveJobDbUrl());
        if (settings.jobDbUser() != null) {
            props.put("spring.datasource.username", settings.jobDbUser());
        }
        if (settings.jobDbPassword() != null) {
            props.put("spring.datasource.password", new String(settings.jobDbPassword().reveal()));
        }
        // logging belongs to the command line (logback.xml and logging.LogOutputs: -v, -q, --log-file);
        // Spring Boot would reset it at every start and drop the log file
        System.setProperty(org.springframework.boot.logging.LoggingSystem.SYSTEM_PROPERTY,
                org.springframework.boot.logging.LoggingSystem.NONE);
        SpringApplication app = new SpringApplication(BatchApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setDefaultProperties(props);
        app.setRegisterShutdownHook(false);
        ConfigurableApplicationContext context;
        boolean replaced = false;
        try {
            context = app.run();
        } catch (RuntimeException e) {
            if (!DamagedJobDatabase.isDamage(settings, e)) {
                throw jobDbFailure(settings, e);
            }
            DamagedJobDatabase.moveAside(settings, e);
            replaced = true;
            try {
                context = app.run();
            } catch (RuntimeException again) {
                throw jobDbFailure(settings, again);
            }
        }
        STARTED.incrementAndGet();
        BatchEngine engine = new BatchEngine(context, settings, replaced);
        engine.restrictJobDbFiles();
        return engine;
    }

    /** H2 creates its files with the default umask; the directory is 0700, the files become 0600. */
    private void restrictJobDbFiles() {
        if (settings.jobDbUrl() == null) {
            try {
                PrivateFiles.restrictFilesIn(settings.stateDir().resolve("jobs"));
            } catch (IOException e) {
                // the 0700 directory still keeps others out
            }
        }
    }

    private static MailferryException jobDbFailure(EngineSettings settings, RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String m = String.valueOf(root.getMessage());
        String where = settings.jobDbUrl() == null ? "the job database in " + settings.stateDir() : "the job database " + settings.jobDbUrl();
        if (m.contains("Database may be already in use") || m.contains("locked by another process")) {
            return new MailferryException(FailureScope.STORE, ExitCode.BUSY, where + " is locked by another process", e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException) {
                return new MailferryException(FailureScope.STORE, ExitCode.ARCHIVE, "cannot open " + where + ": " + m, e);
            }
        }
        return new MailferryException(FailureScope.STORE, ExitCode.INTERNAL, "cannot start the batch engine: " + m, e);
    }

    /** Engines (Spring contexts) this process started so far: a launched job file adds none of its own. */
    public static int startedInThisProcess() {
        return STARTED.get();
    }

    public JobRunner runner() {
        JobRepository repository = context.getBean(JobRepository.class);
        CopyJobs jobs = new CopyJobs(repository, transactionManager(), context.getBean(ObservationRegistry.class),
                operator(), jdbc());
        ChannelHistory history = new ChannelHistory(jdbc(), repository);
        return new JobRunner(operator(), jobs, history, settings.lockDir(), replacedDamaged);
    }

    /** The sync-state ledger of an IMAP target written from {@code source} (see {@link JdbcTargetLedger}). */
    public JdbcTargetLedger ledger(String source, String target) {
        return new JdbcTargetLedger(context.getBean(JdbcTemplate.class), ChannelKeys.of("ledger", source, target, ""));
    }

    public JobRepository repository() {
        return context.getBean(JobRepository.class);
    }

    public JobOperator operator() {
        return context.getBean(JobOperator.class);
    }

    /** The job database, for mailferry's own tables and queries of the documented Spring Batch schema. */
    public JdbcTemplate jdbc() {
        return context.getBean(JdbcTemplate.class);
    }

    public javax.sql.DataSource dataSource() {
        return context.getBean(javax.sql.DataSource.class);
    }

    public org.springframework.transaction.PlatformTransactionManager transactionManager() {
        return context.getBean(org.springframework.transaction.PlatformTransactionManager.class);
    }

    public EngineSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        context.close();
        restrictJobDbFiles();
    }
}
