package org.mailferry.store;

import java.util.function.BooleanSupplier;

/**
 * How a run treats Gmail's labels in an archive it reads, shared by the stores of one run: the
 * user's {@link LabelMode}, and the target, which the archive asks (lazily, when it lists its
 * folders: after the target is open) whether it is Gmail. Labels are spread into folders only
 * for a target that is a mailbox without X-GM-EXT-1; a Gmail target gets each message once with
 * its labels, an archive keeps them in its index. Thread-safe.
 */
public final class LabelPlan {

    private final LabelMode mode;
    private volatile BooleanSupplier mailboxWithoutLabels;

    public LabelPlan(LabelMode mode) {
        this.mode = mode == null ? LabelMode.FOLDERS : mode;
    }

    public LabelMode mode() {
        return mode;
    }

    /** The run's target is a mailbox; {@code gmail} tells whether it offers X-GM-EXT-1. */
    public void targetMailbox(BooleanSupplier gmail) {
        this.mailboxWithoutLabels = () -> !gmail.getAsBoolean();
    }

    /** Whether an archive's labels become folders (the target is a mailbox that is not Gmail). */
    public boolean spreadLabels() {
        BooleanSupplier s = mailboxWithoutLabels;
        return s != null && s.getAsBoolean();
    }
}
