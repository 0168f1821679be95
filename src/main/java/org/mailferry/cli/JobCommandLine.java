package org.mailferry.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
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
 * not run. Problems name the job file's key and line; a file the run would read (a password file, a
 * certificate) that is not there is one of them.
 */
final class JobCommandLine {

    /** Options whose file the run reads: it must be there when the job file is loaded. */
    private static final Set<String> INPUT_FILES = Set.of("--password-file", "--target-password-file",
            "--smtp-password-file", "--job-db-password-file", "--oauth-client-secret-file", "--oauth-refresh-token-file",
            "--oauth-service-account-file", "--oauth-certificate", "--target-oauth-client-secret-file",
            "--target-oauth-refresh-token-file", "--target-oauth-service-account-file", "--target-oauth-certificate",
            "--trust-cert", "--fleet-key-file", "--accounts");

    private JobCommandLine() {
    }

    /** Parses and checks one job file, its files included; throws a {@code JobFileException} listing every problem. */
    static JobFile load(Path file) {
        return load(file, true);
    }

    /** Every job file of {@code dir} ({@link JobDirectory}), each checked. */
    static List<JobFile> loadDirectory(Path dir) {
        return JobDirectory.load(dir, JobCommandLine::load);
    }

    /** Every job file of {@code dir} checked against the verbs, without looking for the files they name (examples). */
    static List<JobFile> checkDirectory(Path dir) {
        return JobDirectory.load(dir, file -> load(file, false));
    }

    private static JobFile load(Path file, boolean filesMustExist) {
        JobFile job = JobFileParser.parse(file);
        Problems problems = new Problems(file);
        check(job, problems);
        if (filesMustExist) {
            requireFiles(job, problems);
        }
        problems.throwIfAny();
        return job;
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

    private static void requireFiles(JobFile job, Problems problems) {
        for (JobArgument a : job.arguments()) { // every missing file at once, at its line, before anything runs
            if (INPUT_FILES.contains(a.option()) && a.value() != null && !Files.isRegularFile(Path.of(a.value()))) {
                problems.add(a.line(), a.key() + ": " + (Files.exists(Path.of(a.value())) ? a.value() + " is not a file"
                        : "no file " + a.value()));
            }
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
