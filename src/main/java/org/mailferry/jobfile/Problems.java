package org.mailferry.jobfile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Collects the problems of one job file, so that a user sees all of them at once. Not thread-safe. */
public final class Problems {

    private final Path file;
    private final List<JobFileProblem> found = new ArrayList<>();

    public Problems(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public void add(int line, String message) {
        found.add(new JobFileProblem(file, line, message));
    }

    void add(Node at, String message) {
        add(lineOf(at), message);
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    /** Every problem in line order (those of the whole file first), whatever order the checks found them in. */
    public List<JobFileProblem> list() {
        return found.stream().sorted(Comparator.comparingInt(JobFileProblem::line)).toList();
    }

    /** Throws a {@link JobFileException} listing every problem in line order, if there is any. */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw new JobFileException(list());
        }
    }

    static int lineOf(Node node) {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
