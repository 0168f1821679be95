package org.mailferry.error;

/**
 * Documented process exit codes (README "Exit codes"). Scripts and schedulers depend on these
 * numbers: never renumber one.
 */
public enum ExitCode {
    OK(0, "everything was copied"),
    INTERNAL(1, "unexpected internal error (a bug: please report it with the log)"),
    USAGE(2, "invalid command line or configuration"),
    PARTIAL(3, "finished, but some messages or folders were skipped; see the report, rerun to retry"),
    AUTH(10, "authentication failed (user name, password, app password or OAuth token)"),
    CONNECT(11, "could not reach the server (DNS, refused, timeout, wrong port)"),
    TLS(12, "TLS failed (untrusted or mismatched certificate, TLS/STARTTLS mixed up)"),
    SERVER(13, "the server refused an operation the job needs (permissions, missing folder, protocol)"),
    ARCHIVE(14, "the archive or local disk failed (disk full, permission denied, corrupt archive)"),
    BUSY(15, "another mailferry run holds the same archive, target or job database"),
    INTERRUPTED(16, "stopped by a signal; run the same command again to resume"),
    THROTTLED(17, "the server kept throttling after every retry; run again later to resume");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
