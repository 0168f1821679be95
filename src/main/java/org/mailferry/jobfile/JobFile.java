package org.mailferry.jobfile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed job file: a named {@code backup}, {@code restore} or {@code migrate} with its whole
 * command line. Running the job is running {@code mailferry VERB ARGUMENTS} in-process, so a job
 * behaves exactly like the verb (same resumption, options, exit codes). Arguments hold references
 * to secrets only, never a secret.
 *
 * @param file      the job file, absolute
 * @param name      the job's name: its identity in history, leases, reports and metrics
 * @param source    the store read from, as written ({@code source} or {@code archive})
 * @param target    the store written to, as written ({@code archive} or {@code target})
 * @param schedule  when it runs by itself ({@code mailferry schedule}), if it does
 * @param arguments the verb's options, in file order
 */
public record JobFile(Path file, String name, JobType type, String source, String target,
                      Optional<JobSchedule> schedule, List<JobArgument> arguments) {

    public JobFile {
        arguments = List.copyOf(arguments);
    }

    /** {@code [verb, --option=value, ...]}: what to give {@code mailferry}. */
    public List<String> commandLine() {
        List<String> words = new ArrayList<>();
        words.add(type.verb());
        arguments.forEach(a -> words.add(a.word()));
        return words;
    }
}
