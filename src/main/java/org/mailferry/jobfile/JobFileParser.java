package org.mailferry.jobfile;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a job file (YAML) into a {@link JobFile}. Works on SnakeYAML's node tree (never on
 * constructed Java objects), so every problem names the file and line, and no YAML tag can
 * instantiate anything. All problems of a file are reported together ({@link JobFileException}).
 * The keys are documented in README.md ("Scheduled jobs") and shown by the examples in
 * {@code jobs/}. Thread-safe (no state).
 */
public final class JobFileParser {

    static final List<String> TOP_KEYS = List.of("name", "type", "source", "archive", "target", "folders",
            "exclude", "map", "into", "options", "filter", "schedule", "retention", "notify");
    private static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    private static final int MAX_FILE_BYTES = 1 << 20;

    private JobFileParser() {
    }

    /** Parses {@code file}; throws a {@link JobFileException} listing every problem. */
    public static JobFile parse(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Problems problems = new Problems(file);
        Node root = compose(abs, problems);
        problems.throwIfAny();
        JobFile job = read(abs, root, problems);
        problems.throwIfAny();
        return job;
    }

    private static Node compose(Path file, Problems problems) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                problems.add(0, "larger than 1 MiB: not a job file");
                return null;
            }
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            options.setAllowRecursiveKeys(false);
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                Node root = new Yaml(options).compose(in);
                if (root == null) {
                    problems.add(0, "empty: a job file needs at least name, type and its stores (see the examples in jobs/)");
                }
                return root;
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.add(mark == null ? 0 : mark.getLine() + 1, "not valid YAML: " + e.getProblem()
                    + (e.getContext() != null ? " (" + e.getContext() + ")" : ""));
        } catch (YAMLException e) {
            problems.add(0, "not valid YAML: " + e.getMessage());
        } catch (IOException e) {
            problems.add(0, "cannot read: " + e.getMessage());
        }
        return null;
    }

    private static JobFile read(Path file, Node root, Problems problems) {
        YamlMapping job = YamlMapping.of(root, "", problems, TOP_KEYS);
        JobArguments args = new JobArguments(file);
        Optional<String> name = job.string("name", "the job's name").filter(n -> {
            if (!n.matches(NAME_PATTERN)) {
                job.problem("name", "expected letters, digits, '.', '_' and '-' (at most 64, starting with a letter"
                        + " or digit), got '" + n + "'");
                return false;
            }
            return true;
        });
        if (!job.has("name")) {
            job.problem("name", "missing: every job has a name (its identity in history, reports and metrics)");
        }
        Optional<JobType> type = job.string("type", JobType.choices()).flatMap(t -> {
            Optional<JobType> parsed = JobType.parse(t);
            if (parsed.isEmpty()) {
                job.problem("type", "expected one of " + JobType.choices() + ", got '" + t + "'");
            }
            return parsed;
        });
        if (!job.has("type")) {
            job.problem("type", "missing: one of " + JobType.choices());
        }
        Optional<String> source = Optional.empty();
        Optional<String> target = Optional.empty();
        if (type.isPresent()) {
            JobType t = type.get();
            source = StoreSection.read(job, t.fromKey(), t.fromOption(), t.isMailbox(t.fromKey()),
                    t.authPrefix(t.fromKey()), args, problems);
            target = StoreSection.read(job, t.toKey(), t.toOption(), t.isMailbox(t.toKey()), t.authPrefix(t.toKey()),
                    args, problems);
            for (String store : List.of("source", "archive", "target")) {
                if (!store.equals(t.fromKey()) && !store.equals(t.toKey())) {
                    job.forbid(store, "a " + t.verb() + " job has no " + store + ": it reads from '" + t.fromKey()
                            + "' and writes to '" + t.toKey() + "'");
                }
            }
        } else {
            List.of("source", "archive", "target").forEach(job::node);
        }
        RunSettingsSection.folders(job, args);
        job.mapping("options", RunSettingsSection.OPTION_KEYS).ifPresent(o -> RunSettingsSection.options(o, args));
        job.mapping("filter", RunSettingsSection.FILTER_KEYS).ifPresent(f -> RunSettingsSection.filter(f, args));
        job.mapping("retention", RunSettingsSection.RETENTION_KEYS).ifPresent(r -> RunSettingsSection.retention(r, args));
        job.mapping("notify", RunSettingsSection.NOTIFY_KEYS).ifPresent(n -> RunSettingsSection.notify(n, args));
        Optional<JobSchedule> schedule = job.string("schedule", "a cron expression such as \"15 2 * * *\"").flatMap(s -> {
            JobSchedule.ParseResult r = JobSchedule.parse(s);
            if (r.problem() != null) {
                job.problem("schedule", r.problem());
            }
            return Optional.ofNullable(r.schedule());
        });
        job.rejectUnknownKeys();
        if (!problems.isEmpty()) {
            return null;
        }
        return new JobFile(file, name.orElseThrow(), type.orElseThrow(), source.orElseThrow(), target.orElseThrow(),
                schedule, args.list());
    }
}
