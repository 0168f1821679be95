package org.mailferry.history;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;
import org.mailferry.job.RunOrigin;
import org.mailferry.report.RunSummaries;
import org.mailferry.report.RunSummary;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The history of runs in the job repository: recent executions (all, or of one job file's name),
 * one execution, a job's latest, each as a {@link RunRecord}. Lists ask the documented Spring
 * Batch schema directly (one indexed query) and load each execution through the JobRepository.
 * Thread-safe (no state of its own).
 */
public final class RunHistory {

    private static final String RECENT = """
            SELECT JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION
             ORDER BY JOB_EXECUTION_ID DESC LIMIT ?""";
    private static final String RECENT_OF_JOB = """
            SELECT E.JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION E
              JOIN BATCH_JOB_EXECUTION_PARAMS P ON P.JOB_EXECUTION_ID = E.JOB_EXECUTION_ID
             WHERE P.PARAMETER_NAME = ? AND P.PARAMETER_VALUE = ?
             ORDER BY E.JOB_EXECUTION_ID DESC LIMIT ?""";

    private final JdbcTemplate jdbc;
    private final JobRepository repository;

    public RunHistory(JdbcTemplate jdbc, JobRepository repository) {
        this.jdbc = jdbc;
        this.repository = repository;
    }

    /** The newest {@code limit} executions, of the job file named {@code job} if given, newest first. */
    public List<JobExecution> recent(int limit, Optional<String> job) {
        List<Long> ids = job.isPresent()
                ? jdbc.queryForList(RECENT_OF_JOB, Long.class, RunOrigin.JOB, job.get(), limit)
                : jdbc.queryForList(RECENT, Long.class, limit);
        return ids.stream().map(repository::getJobExecution).toList();
    }

    /** The execution {@code id}; a usage error (exit code 2) when there is none. */
    public JobExecution execution(long id) {
        JobExecution e;
        try {
            e = repository.getJobExecution(id);
        } catch (EmptyResultDataAccessException absent) { // Spring Batch 6 throws where 5 returned null
            e = null;
        }
        if (e == null) {
            throw new MailferryException(FailureScope.STORE, ExitCode.USAGE,
                    "no run " + id + " in the job database (see mailferry jobs list)");
        }
        return e;
    }

    /** The latest execution of the job file named {@code job}. */
    public Optional<JobExecution> latestOf(String job) {
        return recent(1, Optional.of(job)).stream().findFirst();
    }

    /** The later executions of the same job instance (a restart continues an execution there). */
    public List<JobExecution> laterInSameInstance(JobExecution execution) {
        return repository.getJobExecutions(execution.getJobInstance()).stream()
                .filter(e -> e.getId() > execution.getId()).toList();
    }

    public RunRecord record(JobExecution e) {
        RunSummary s = RunSummaries.of(e); // a record lists this execution's own counts
        Optional<RunOrigin> origin = RunOrigin.of(e.getJobParameters());
        BatchStatus status = e.getStatus();
        String outcome = status.isRunning() ? "running" : status == BatchStatus.ABANDONED ? "abandoned" : s.outcome();
        Integer exitCode = status.isRunning() || status == BatchStatus.ABANDONED ? null : s.exitCode();
        Long duration = s.started() != null && s.ended() != null && !status.isRunning()
                ? Duration.between(s.started(), s.ended()).toMillis() : null;
        return new RunRecord(e.getId(), origin.map(RunOrigin::jobName).orElse(s.job()), s.job(), status.name(), outcome,
                exitCode, s.started(), status.isRunning() ? null : s.ended(), duration, s.source(), s.target(),
                origin.map(RunOrigin::jobFile).map(Object::toString).orElse(null),
                origin.map(RunOrigin::arguments).orElse(List.of()), s.error(), s.totals(), s.folders());
    }
}
