package org.mailferry.check;

/**
 * {@code mailferry check}: examines an IMAP or SMTP server step by step and returns every step
 * with its verdict, cause and fix ({@link CheckReport}). Never throws for what it diagnoses;
 * changes nothing on the server (EXAMINE, no APPEND, no mail sent).
 */
public final class ConnectionCheck {

    private ConnectionCheck() {
    }

    public static CheckReport run(CheckTarget target, CheckSettings settings) {
        StepLog log = new StepLog();
        if (target.protocol() == CheckTarget.Protocol.IMAP) {
            new ImapCheck(target, settings, log).run();
        } else {
            new SmtpCheck(target, settings, log).run();
        }
        return log.report(target, settings.provider().name());
    }
}
