package org.mailferry.jobfile;

import java.util.List;
import java.util.stream.Collectors;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;

/** A job file (or directory of them) that cannot run: every problem found, one per line; exit code 2. */
public final class JobFileException extends MailferryException {

    private final List<JobFileProblem> problems;

    public JobFileException(List<JobFileProblem> problems) {
        super(FailureScope.STORE, ExitCode.USAGE,
                problems.stream().map(JobFileProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<JobFileProblem> problems() {
        return problems;
    }
}
