package org.mailferry.auth;

/**
 * Explains the standard OAuth2 error codes (RFC 6749 5.2) as Google's token endpoint uses them:
 * the cause in plain words and the fix, in one line, with the provider's own description.
 */
final class OAuthErrorAdvice {

    private OAuthErrorAdvice() {
    }

    static String explain(String error, String description, String what) {
        String said = " (" + error + (description.isBlank() ? "" : ": " + description) + ")";
        return switch (error) {
            case "invalid_grant" -> what.contains("service account")
                    ? "the signed request was refused" + said + ": check that the user is a mailbox of the Workspace"
                      + " domain, the key is still active and this machine's clock is right"
                    : "the refresh token has expired or was revoked" + said + ": create a new one (tokens of an OAuth"
                      + " app in 'testing' status last 7 days; unused ones expire after 6 months)";
            case "unauthorized_client" -> what.contains("service account")
                    ? "domain-wide delegation is not granted" + said + ": in the Google Admin console (Security, API"
                      + " controls, Domain-wide delegation) allow the service account's client id the scope "
                      + OAuthScopes.GOOGLE_MAIL
                    : "this client may not use this grant" + said + ": check --oauth-client-id";
            case "invalid_client" -> "the client id or client secret is wrong" + said
                    + ": check --oauth-client-id and --oauth-client-secret-env/-file";
            case "invalid_scope" -> "the scope " + OAuthScopes.GOOGLE_MAIL + " is not allowed" + said
                    + ": add it to the OAuth consent screen or the delegation";
            case "access_denied" -> "access was denied" + said;
            default -> "error" + said;
        };
    }
}
