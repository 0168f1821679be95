package org.mailferry.auth;

import java.net.URI;

/**
 * A Microsoft identity platform application: the authority host (national clouds and tests use
 * another), the tenant ({@code organizations}, {@code consumers}, a directory id or domain) and
 * the application (client) id of an app registration.
 */
public record MicrosoftIdentity(URI authorityHost, String tenant, String clientId) {

    public static final URI PUBLIC_CLOUD = URI.create("https://login.microsoftonline.com/");

    /** Only an {@code https://} authority (a token cache file names one too): device codes and tokens never cross in clear. */
    public MicrosoftIdentity {
        if (authorityHost == null || !"https".equalsIgnoreCase(authorityHost.getScheme()) || authorityHost.getHost() == null) {
            throw new org.mailferry.error.MailferryException(org.mailferry.error.FailureScope.STORE,
                    org.mailferry.error.ExitCode.USAGE, "the Microsoft identity authority " + authorityHost
                    + " is not an https:// URL: sign-ins and tokens would cross the network in clear; nothing was sent");
        }
    }

    /** The tenant a device-code sign-in uses when none is given: any work or school account. */
    public static final String WORK_ACCOUNTS = "organizations";

    /** {@code https://login.microsoftonline.com/<tenant>/}, the MSAL authority. */
    public String authorityUrl() {
        String host = authorityHost.toString();
        return (host.endsWith("/") ? host : host + "/") + tenant + "/";
    }

    public boolean isPublicCloud() {
        return authorityHost.equals(PUBLIC_CLOUD);
    }
}
