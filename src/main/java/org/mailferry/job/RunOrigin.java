package org.mailferry.job;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.mailferry.util.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import tools.jackson.core.type.TypeReference;

/**
 * Where a run comes from: the job's name and file (runs of a job file) and the verb's argument
 * list. {@link JobRunner} records it with the execution as non-identifying job parameters
 * ({@value #JOB}, {@value #JOB_FILE}, {@value #ARGUMENTS}: a JSON array), so that
 * {@code mailferry jobs} shows it and {@code jobs restart} runs the same arguments again.
 * The recorded arguments hold no secret and no secret source either ({@link #withoutSecretSources}:
 * no password file, variable or command), and no state or job database option: the database is
 * not trusted to supply anything that runs ({@code jobs restart} re-reads the job file). A launched
 * run carries it ({@code run.Launch}); a plain command-line run has none.
 *
 * @param jobName   the job file's {@code name}, or null
 * @param jobFile   the job file, absolute, or null
 * @param arguments the verb and its arguments, as given to {@code mailferry}
 */
public record RunOrigin(String jobName, Path jobFile, List<String> arguments) {

    public static final String JOB = "mailferry.job";
    public static final String JOB_FILE = "mailferry.jobFile";
    public static final String ARGUMENTS = "mailferry.args";

    /** Longest value a job parameter holds ({@code BATCH_JOB_EXECUTION_PARAMS.PARAMETER_VALUE}). */
    static final int MAX_PARAMETER_LENGTH = 2500;

    private static final Logger LOG = LoggerFactory.getLogger(RunOrigin.class);
    private static final java.util.regex.Pattern SECRET_SOURCE = java.util.regex.Pattern.compile(
            "--(target-|smtp-|job-db-)?(password|oauth-(client-secret|refresh-token|token|certificate|service-account))[a-z-]*");

    public RunOrigin {
        arguments = List.copyOf(arguments);
    }

    /** The origin recorded with an execution, if any. */
    public static Optional<RunOrigin> of(JobParameters parameters) {
        String name = parameters.getString(JOB);
        String file = parameters.getString(JOB_FILE);
        String args = parameters.getString(ARGUMENTS);
        if (name == null && file == null && args == null) {
            return Optional.empty();
        }
        return Optional.of(new RunOrigin(name, path(file), arguments(args)));
    }

    /** The recorded arguments; none when the database holds something else than a JSON list of strings. */
    private static List<String> arguments(String args) {
        try {
            return args == null ? List.of() : Json.MAPPER.readValue(args, new TypeReference<List<String>>() { });
        } catch (tools.jackson.core.JacksonException | NullPointerException e) {
            LOG.warn("the job database holds arguments that are not a list of strings: ignored");
            return List.of();
        }
    }

    /** The recorded job file; none when the database holds something no path can be (a NUL). */
    private static Path path(String file) {
        try {
            return file == null ? null : Path.of(file);
        } catch (java.nio.file.InvalidPathException e) {
            LOG.warn("the job database names a job file that is no valid path: ignored");
            return null;
        }
    }

    /**
     * The arguments without any option that names where a secret comes from (password, OAuth
     * client secret, refresh token, token command or cache, key or certificate files), with its value.
     */
    public static List<String> withoutSecretSources(List<String> arguments) {
        List<String> kept = new java.util.ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            String a = arguments.get(i);
            int eq = a.indexOf('=');
            String name = a.startsWith("--") && eq > 0 ? a.substring(0, eq) : a;
            if (SECRET_SOURCE.matcher(name).matches()) {
                if (eq < 0) {
                    i++; // its value is the next argument
                }
                continue;
            }
            kept.add(a);
        }
        return kept;
    }

    /** Adds the origin as non-identifying parameters; arguments too long for the database are left out (logged). */
    void addTo(JobParametersBuilder builder) {
        if (jobName != null) {
            builder.addString(JOB, jobName, false);
        }
        if (jobFile != null) {
            builder.addString(JOB_FILE, jobFile.toString(), false);
        }
        String args = Json.MAPPER.writeValueAsString(withoutSecretSources(arguments));
        if (args.length() <= MAX_PARAMETER_LENGTH) {
            builder.addString(ARGUMENTS, args, false);
        } else {
            LOG.warn("the arguments of job {} are longer than {} characters and are not recorded: jobs restart"
                    + " cannot rerun this execution; run the job file again instead", jobName, MAX_PARAMETER_LENGTH);
        }
    }
}
