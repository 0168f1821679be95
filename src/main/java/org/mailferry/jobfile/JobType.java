package org.mailferry.jobfile;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a job does, named by the mailferry verb it runs, and the keys that name its two stores
 * with the verb's options for them.
 */
public enum JobType {
    BACKUP("source", "--source", "archive", "--to"),
    RESTORE("archive", "--from", "target", "--target"),
    MIGRATE("source", "--source", "target", "--target");

    private final String fromKey;
    private final String fromOption;
    private final String toKey;
    private final String toOption;

    JobType(String fromKey, String fromOption, String toKey, String toOption) {
        this.fromKey = fromKey;
        this.fromOption = fromOption;
        this.toKey = toKey;
        this.toOption = toOption;
    }

    /** The mailferry verb: {@code backup}, {@code restore} or {@code migrate}. */
    public String verb() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The job file key of the store read from: {@code source} or {@code archive}. */
    String fromKey() {
        return fromKey;
    }

    String fromOption() {
        return fromOption;
    }

    /** The job file key of the store written to: {@code archive} or {@code target}. */
    String toKey() {
        return toKey;
    }

    String toOption() {
        return toOption;
    }

    boolean isMailbox(String storeKey) {
        return !storeKey.equals("archive");
    }

    /**
     * The prefix of the authentication options of the mailbox under {@code storeKey}: a migration's
     * target has its own set ({@code --target-password-file}); every other mailbox uses the plain one.
     */
    String authPrefix(String storeKey) {
        return this == MIGRATE && storeKey.equals("target") ? "--target-" : "--";
    }

    static Optional<JobType> parse(String text) {
        return Arrays.stream(values()).filter(t -> t.verb().equals(text)).findFirst();
    }

    static String choices() {
        return Arrays.stream(values()).map(JobType::verb).collect(Collectors.joining(", "));
    }
}
