package org.mailferry.check;

import java.util.List;
import org.mailferry.auth.Credentials;
import org.mailferry.error.ExitCode;
import org.mailferry.error.MailferryException;
import org.mailferry.provider.LoginAdvice;

/**
 * The login-related steps both protocols share: the credentials (made when first needed: a
 * missing password fails the login step, not the whole check), whether the offered SASL
 * mechanisms suit them, and a refused login explained with the provider's advice. Not thread-safe.
 */
final class LoginSteps {

    private final CheckTarget target;
    private final CheckSettings settings;
    private final StepLog log;
    private Credentials credentials;
    private MailferryException credentialsFailure;

    LoginSteps(CheckTarget target, CheckSettings settings, StepLog log) {
        this.target = target;
        this.settings = settings;
        this.log = log;
    }

    /** The credentials, or null when they cannot be made (the reason is kept for the login step). */
    Credentials credentials() {
        if (credentials == null && credentialsFailure == null) {
            try {
                credentials = settings.credentials().get();
            } catch (MailferryException e) {
                credentialsFailure = e;
            }
        }
        return credentials;
    }

    boolean oauth() {
        return credentials() != null && "XOAUTH2".equalsIgnoreCase(credentials().mechanisms());
    }

    /**
     * Step "authentication mechanisms": lists what the server offers and fails when none fits the
     * credentials (OAuth2 needs XOAUTH2; a password needs PLAIN, LOGIN or an allowed LOGIN command).
     */
    boolean mechanisms(List<String> offered, boolean passwordLoginAllowed) {
        String list = offered.isEmpty() ? "none announced" : String.join(" ", offered);
        if (credentials() != null && oauth() && !offered.contains("XOAUTH2")) {
            return log.fail("authentication mechanisms", ExitCode.AUTH, "the server offers " + list
                    + " but not XOAUTH2: it does not take OAuth2 tokens", "log in with a password (--password-file,"
                    + " --password-env or --password-command)");
        }
        if (credentials() != null && !oauth() && !passwordLoginAllowed) {
            return log.fail("authentication mechanisms", ExitCode.AUTH, "the server refuses password login on this"
                    + " connection (offers " + list + ")", oauthHint());
        }
        String using = credentials() == null ? "" : oauth() ? " (mailferry will use XOAUTH2)"
                : offered.contains("PLAIN") ? " (mailferry will use PLAIN)" : " (mailferry will use LOGIN)";
        log.pass("authentication mechanisms", list + using);
        return true;
    }

    /** Fails the login step because the credentials could not be made; true when they could. */
    boolean credentialsAvailable() {
        if (credentials() != null) {
            return true;
        }
        return log.fail("login", credentialsFailure.exitCode(), credentialsFailure.getMessage(), null);
    }

    void passed() {
        log.pass("login", target.user() + " with " + credentials().describe());
    }

    /** Step "login" failed; {@code serverText} is the server's answer to the login, when it gave one. */
    boolean refused(String serverText) {
        LoginAdvice.Method method = oauth() ? LoginAdvice.Method.OAUTH : LoginAdvice.Method.PASSWORD;
        String fix = settings.provider().explainLoginFailure(serverText, target.user(), method)
                .orElse("check the user name and the " + credentials().describe()
                        + (oauth() ? "" : "; with two-factor authentication use an app password"));
        return log.fail("login", ExitCode.AUTH, target.user() + " was refused"
                + (serverText == null || serverText.isBlank() ? "" : ": " + serverText.strip()), fix);
    }

    private String oauthHint() {
        return settings.provider().quirks().passwordLogin() ? "use TLS (" + target.portAdvice() + ")"
                : settings.provider().displayName() + " takes OAuth2 only: --oauth device-code or client-credentials";
    }
}
