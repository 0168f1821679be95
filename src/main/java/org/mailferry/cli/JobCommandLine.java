package org.mailferry.cli;

import java.nio.file.Path;
import java.util.List;
import org.mailferry.jobfile.JobArgument;
import org.mailferry.jobfile.JobDirectory;
import org.mailferry.jobfile.JobFile;
import org.mailferry.jobfile.JobFileParser;
import org.mailferry.jobfile.Problems;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Loads job files and checks each against the command line of the verb it runs, so that a job file
 * can use exactly what the verb offers: every option must exist on the verb (a backup has no
 * {@code --map}), and its value must pass the verb's own conversion (sizes, numbers), parsed but
 * not run. Problems name the job file's key and line.
 */
final class JobCommandLine {

    private JobCommandLine() {
    }

    /** Parses and checks one job file; throws a {@code JobFileException} listing every problem. */
    static JobFile load(Path file) {
        JobFile job = JobFileParser.parse(file);
        Problems problems = new Problems(file);
        check(job, problems);
        problems.throwIfAny();
        return job;
    }

    /** Every job file of {@code dir} ({@link JobDirectory}), each checked. */
    static List<JobFile> loadDirectory(Path dir) {
        return JobDirectory.load(dir, JobCommandLine::load);
    }

    private static void check(JobFile job, Problems problems) {
        CommandLine root = new CommandLine(new MailferryCommand());
        String verb = job.type().verb();
        CommandLine command = root.getSubcommands().get(verb);
        for (JobArgument a : job.arguments()) {
            if (command.getCommandSpec().findOption(a.option()) == null) {
                problems.add(a.line(), a.key() + ": a " + verb + " job does not take this (mailferry " + verb
                        + " has no " + a.option() + ")");
            }
        }
        if (!problems.isEmpty()) {
            return;
        }
        try {
            root.parseArgs(job.commandLine().toArray(String[]::new));
        } catch (ParameterException e) {
            JobArgument at = argumentOf(e.getArgSpec(), job);
            problems.add(at == null ? 0 : at.line(), (at == null ? "" : at.key() + ": ") + e.getMessage());
        }
    }

    private static JobArgument argumentOf(ArgSpec spec, JobFile job) {
        if (spec instanceof OptionSpec option) {
            for (JobArgument a : job.arguments()) {
                if (List.of(option.names()).contains(a.option())) {
                    return a;
                }
            }
        }
        return null;
    }
}
