package org.mailferry.jobfile;

import java.nio.file.Path;

/**
 * One thing wrong with a job file, where it is and what was expected.
 *
 * @param line 1-based line number, 0 when the problem concerns the whole file
 */
public record JobFileProblem(Path file, int line, String message) {

    /** {@code FILE:LINE: message}, as compilers print it. */
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + message;
    }
}
