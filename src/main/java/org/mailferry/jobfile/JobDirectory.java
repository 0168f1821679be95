package org.mailferry.jobfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The job files of a directory: every {@code *.yaml} and {@code *.yml} directly in it (hidden files
 * and other files, such as a README, are ignored), in name order. Job names must be unique. All
 * problems of all files are reported together.
 */
public final class JobDirectory {

    private JobDirectory() {
    }

    /** Loads every job file of {@code dir} with {@code loader}; throws a {@link JobFileException} listing every problem. */
    public static List<JobFile> load(Path dir, Function<Path, JobFile> loader) {
        List<JobFileProblem> problems = new ArrayList<>();
        List<JobFile> jobs = new ArrayList<>();
        Map<String, JobFile> byName = new HashMap<>();
        for (Path file : files(dir)) {
            try {
                JobFile job = loader.apply(file);
                JobFile same = byName.putIfAbsent(job.name(), job);
                if (same != null) {
                    problems.add(new JobFileProblem(file, 0, "the job name '" + job.name() + "' is already used by "
                            + same.file() + ": names identify jobs, give each its own"));
                } else {
                    jobs.add(job);
                }
            } catch (JobFileException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new JobFileException(problems);
        }
        return jobs;
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new JobFileException(List.of(new JobFileProblem(dir, 0, "not a directory of job files")));
        }
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> files = entries.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                return !n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml"));
            }).sorted().toList();
            if (files.isEmpty()) {
                throw new JobFileException(List.of(new JobFileProblem(dir, 0, "holds no job file (*.yaml, *.yml)")));
            }
            return files;
        } catch (IOException e) {
            throw new JobFileException(List.of(new JobFileProblem(dir, 0, "cannot list: " + e.getMessage())));
        }
    }
}
