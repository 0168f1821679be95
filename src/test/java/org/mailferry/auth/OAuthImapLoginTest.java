package org.mailferry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.error.ExitCode;
import org.mailferry.error.MailferryException;
import org.mailferry.imap.ImapConnection;
import org.mailferry.imap.ImapEndpoint;
import org.mailferry.imap.ImapTuning;
import org.mailferry.imap.TlsSettings;
import org.mailferry.store.StoreUri;

/**
 * XOAUTH2 end to end: a device-code sign-in at a local identity provider, then logins through
 * {@link ImapConnection#open} (as a backup opens its connections) to GreenMail, which accepts a
 * token only while it is the user's current one. A token about to expire is refreshed before
 * the next login.
 */
class OAuthImapLoginTest {

    private static final String CLIENT = "11111111-2222-3333-4444-555555555555";
    private static final String USER = "alice@example.com";
    private static final String DEVICE = "/organizations/oauth2/v2.0/devicecode";
    private static final String TOKEN = "/organizations/oauth2/v2.0/token";

    @TempDir
    Path dir;

    private FakeIdentityProvider idp;
    private GreenMail mail;
    private GreenMailUser mailbox;

    @BeforeEach
    void start() throws Exception {
        idp = new FakeIdentityProvider();
        mail = new GreenMail(ServerSetupTest.IMAP.dynamicPort());
        mail.start();
        mailbox = mail.setUser(USER, USER, "at-1");
    }

    @AfterEach
    void stop() {
        mail.stop();
        idp.close();
    }

    private OAuthCredentials credentials() {
        MicrosoftIdentity id = new MicrosoftIdentity(idp.base(), "organizations", CLIENT);
        return new OAuthCredentials(USER, new MicrosoftDeviceCodeTokenSource(id, OAuthScopes.microsoftDelegated(MailProtocol.IMAP),
                USER, new TokenCacheFile(dir.resolve("alice.json"), id), new PrintWriter(new StringWriter()), true, idp.http()));
    }

    private ImapEndpoint endpoint(Credentials credentials) {
        StoreUri uri = StoreUri.parse("imap://" + USER + "@127.0.0.1:" + mail.getImap().getPort() + "?starttls=none");
        return new ImapEndpoint(uri, credentials, new TlsSettings(java.util.List.of(), true), ImapTuning.DEFAULT);
    }

    @Test
    void aValidTokenShouldServeEveryLoginWithoutAskingAgain() {
        idp.enqueue(DEVICE, 200, FakeIdentityProvider.deviceCodeAnswer());
        idp.enqueue(TOKEN, 200, idp.microsoftToken("at-1", "rt-1", 3600, USER, CLIENT));
        ImapEndpoint endpoint = endpoint(credentials());

        try (ImapConnection first = ImapConnection.open(endpoint)) {
            assertThat(first.listFolders()).extracting(f -> f.path().display()).contains("INBOX");
            first.examine("INBOX").close(false);
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
        try (ImapConnection second = ImapConnection.open(endpoint)) {
            assertThat(second.isConnected()).isTrue();
        }

        assertThat(idp.requests(TOKEN)).hasSize(1);
    }

    @Test
    void aTokenAboutToExpireShouldBeRefreshedBeforeTheNextLogin() {
        idp.enqueue(DEVICE, 200, FakeIdentityProvider.deviceCodeAnswer());
        idp.enqueue(TOKEN, 200, idp.microsoftToken("at-1", "rt-1", 120, USER, CLIENT));
        OAuthCredentials credentials = credentials();
        ImapEndpoint endpoint = endpoint(credentials);
        try (ImapConnection first = ImapConnection.open(endpoint)) {
            assertThat(first.isConnected()).isTrue();
        }
        // the server now accepts only the next token; the identity provider will hand it out on refresh
        mailbox.setPassword("at-2");
        idp.enqueue(TOKEN, 200, idp.microsoftToken("at-2", "rt-2", 3600, USER, CLIENT));

        try (ImapConnection second = ImapConnection.open(endpoint)) {
            assertThat(second.isConnected()).isTrue();
        }

        assertThat(idp.requests(TOKEN)).hasSize(2);
        assertThat(idp.requests(TOKEN).get(1).form()).containsEntry("grant_type", "refresh_token")
                .containsEntry("refresh_token", "rt-1");
    }

    @Test
    void aRefusedTokenShouldBeAnAuthenticationFailure() {
        mailbox.setPassword("something-else");
        idp.enqueue(DEVICE, 200, FakeIdentityProvider.deviceCodeAnswer());
        idp.enqueue(TOKEN, 200, idp.microsoftToken("at-1", "rt-1", 3600, USER, CLIENT));

        assertThatThrownBy(() -> ImapConnection.open(endpoint(credentials())))
                .isInstanceOfSatisfying(MailferryException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH);
                    assertThat(e.getMessage()).doesNotContain("at-1");
                });
    }
}
