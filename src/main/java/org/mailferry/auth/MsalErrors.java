package org.mailferry.auth;

import com.microsoft.aad.msal4j.MsalException;
import com.microsoft.aad.msal4j.MsalServiceException;
import java.io.IOException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;

/**
 * The one place where MSAL failures become one-line mailferry failures: the AADSTS code or OAuth2
 * error, the cause in plain words and the fix. Exit code 10 (authentication), 11 when the
 * identity provider cannot be reached. Never includes a secret (MSAL messages hold none).
 */
final class MsalErrors {

    private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+)");

    private MsalErrors() {
    }

    /** Unwraps the future's exception and translates it; {@code what} names the flow. */
    static MailferryException translate(Throwable t, String what, MicrosoftIdentity id) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof MailferryException m) {
            return m;
        }
        if (e instanceof MsalServiceException s) {
            return new MailferryException(FailureScope.STORE, ExitCode.AUTH, what + " refused by Microsoft: "
                    + explain(s.errorCode(), firstLine(s.getMessage()), id), e);
        }
        Throwable io = ioCause(e);
        if (io != null) {
            return new MailferryException(FailureScope.STORE, ExitCode.CONNECT, "cannot reach the Microsoft identity"
                    + " platform " + id.authorityHost().getHost() + " for " + what + ": "
                    + (io instanceof UnknownHostException ? "unknown host " + io.getMessage() : io.toString())
                    + "; check the network (and a proxy)", e);
        }
        String code = e instanceof MsalException m ? m.errorCode() : null;
        return new MailferryException(FailureScope.STORE, ExitCode.AUTH, what + " failed: "
                + explain(code, firstLine(String.valueOf(e.getMessage())), id), e);
    }

    /** The cause and fix for an OAuth2 error code and Microsoft's message (AADSTS codes first). */
    static String explain(String errorCode, String message, MicrosoftIdentity id) {
        Matcher m = AADSTS.matcher(message);
        String aadsts = m.find() ? m.group(1) : "";
        String said = " (" + (aadsts.isEmpty() ? String.valueOf(errorCode) : "AADSTS" + aadsts) + ")";
        return switch (aadsts) {
            case "7000215", "7000222" -> "the client secret is wrong or expired" + said
                    + ": create a new one under Certificates & secrets of app " + id.clientId();
            case "700016" -> "application " + id.clientId() + " does not exist in tenant " + id.tenant() + said
                    + ": check --oauth-client-id and --oauth-tenant";
            case "90002", "90023" -> "tenant " + id.tenant() + " does not exist" + said
                    + ": give the directory (tenant) id or a verified domain with --oauth-tenant";
            case "50020", "500200" -> "the account that signed in does not belong to tenant " + id.tenant() + said
                    + ": sign in with the work account; for a personal Microsoft account use --oauth-tenant consumers";
            case "9002331", "50194" -> "the app registration does not accept this kind of account" + said
                    + ": use --oauth-tenant consumers for personal accounts, or allow the account type in the app registration";
            case "65001", "90094" -> "the app has no consent for the mail permission" + said
                    + ": an administrator must grant consent to app " + id.clientId() + " (API permissions)";
            case "7000218" -> "the app registration does not allow public client flows" + said
                    + ": enable 'Allow public client flows' under Authentication of app " + id.clientId();
            case "700082", "50173", "70043", "700084" -> "the saved sign-in has expired or was revoked" + said
                    + ": sign in again with --oauth device-code";
            case "70011" -> "the scope is not valid for this app" + said
                    + ": add the Office 365 Exchange Online mail permission to the app registration";
            case "53003", "53000" -> "a conditional access policy blocks this sign-in" + said
                    + ": ask an administrator to allow it for app " + id.clientId();
            case "700027", "700024" -> "the certificate assertion was refused" + said
                    + ": upload the certificate (--oauth-certificate) to the app registration and check the clock";
            default -> byErrorCode(errorCode, said, message);
        };
    }

    private static String byErrorCode(String errorCode, String said, String message) {
        if (errorCode == null) {
            return message;
        }
        return switch (errorCode) {
            case "authorization_declined", "access_denied" -> "the sign-in was declined" + said;
            case "expired_token", "code_expired" -> "the device code expired before the sign-in finished" + said
                    + ": run again and enter the code within its lifetime";
            case "invalid_grant" -> "the saved sign-in is no longer valid" + said + ": sign in again with --oauth device-code";
            case "invalid_client", "unauthorized_client" -> "the client id or its credential was refused" + said
                    + ": check --oauth-client-id and the secret or certificate";
            default -> message + said;
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = (nl < 0 ? s : s.substring(0, nl)).strip();
        int trace = line.indexOf(" Trace ID:");
        return trace > 0 ? line.substring(0, trace) : line;
    }

    private static Throwable ioCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return t;
            }
        }
        return null;
    }
}
