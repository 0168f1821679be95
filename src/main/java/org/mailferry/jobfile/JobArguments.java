package org.mailferry.jobfile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mailferry.util.HomeDirectory;

/**
 * The growing argument list of one job file, and how its values are made absolute: a relative
 * path is relative to the job file's directory (not to wherever the scheduler was started), and
 * {@code ~/} is the user's home. Not thread-safe.
 */
final class JobArguments {

    private final Path baseDir;
    private final List<JobArgument> arguments = new ArrayList<>();

    JobArguments(Path jobFile) {
        this.baseDir = jobFile.toAbsolutePath().getParent();
    }

    void add(YamlMapping at, String key, int line, String option, String value) {
        arguments.add(new JobArgument(at.name(key), line, option, value));
    }

    void flag(YamlMapping at, String key, String option) {
        arguments.add(new JobArgument(at.name(key), at.line(key), option, null));
    }

    /** {@code text} as an absolute, normalized path. */
    String path(String text) {
        Path p = baseDir.resolve(HomeDirectory.expand(text));
        return p.toAbsolutePath().normalize().toString();
    }

    List<JobArgument> list() {
        return List.copyOf(arguments);
    }
}
