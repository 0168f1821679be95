package org.mailferry.jobfile;

/**
 * One option of the command line a job file stands for, with the key and line it came from (so a
 * problem the command line finds names the job file's line).
 *
 * @param key    the job file key, dotted ({@code options.chunk-size})
 * @param option the verb's option ({@code --chunk-size})
 * @param value  its value, or null for a flag
 */
public record JobArgument(String key, int line, String option, String value) {

    /** As one command-line word: {@code --option=value} (no value can be mistaken for an option), or the flag. */
    public String word() {
        return value == null ? option : option + "=" + value;
    }
}
