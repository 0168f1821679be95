package org.mailferry.provider;

import java.util.Optional;

/**
 * Turns a provider's login refusal into the cause in plain words and the fix. Implementations
 * match the server's own response text; they never see a secret.
 */
public interface LoginAdvice {

    /** How the client tried to log in. */
    enum Method { PASSWORD, OAUTH }

    /**
     * @param serverText the server's response to LOGIN/AUTHENTICATE (IMAP) or AUTH (SMTP), may be empty
     * @param user       the user name that was sent
     * @param method     password or OAuth2 token
     * @return one sentence naming the cause and the fix, or empty when this provider has nothing specific to say
     */
    Optional<String> explain(String serverText, String user, Method method);

    /** For servers mailferry knows nothing special about. */
    LoginAdvice NONE = (serverText, user, method) -> Optional.empty();
}
