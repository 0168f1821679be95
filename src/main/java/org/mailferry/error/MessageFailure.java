package org.mailferry.error;

/** One message cannot be copied; it is skipped and named in the report with this reason. */
public class MessageFailure extends MailferryException {

    private final long uid;

    public MessageFailure(long uid, String reason, Throwable cause) {
        super(FailureScope.MESSAGE, ExitCode.PARTIAL, reason, cause);
        this.uid = uid;
    }

    public MessageFailure(long uid, String reason) {
        this(uid, reason, null);
    }

    public long uid() {
        return uid;
    }
}
