package org.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.mailferry.auth.Credentials;
import org.mailferry.error.ExitCode;
import org.mailferry.error.MailferryException;
import org.mailferry.store.StoreUri;
import org.mailferry.testing.TestImapServer;

/** Connections opened ahead while a run starts, against the real Dovecot. Uses user23. */
class ImapConnectionPoolTest {

    private static final String USER = TestImapServer.user(23);
    private final TestImapServer server = TestImapServer.get();

    @Test
    void connectionsOpenedAheadAreTheOnesBorrowed() {
        CountingCredentials login = new CountingCredentials(server.password(USER));
        try (ImapConnectionPool pool = new ImapConnectionPool(endpoint(login, 3), HostConnectionLimit.NONE)) {
            pool.openAhead(3);
            List<ImapConnection> borrowed = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                borrowed.add(pool.borrow());
            }
            assertThat(borrowed).allMatch(ImapConnection::isConnected).doesNotHaveDuplicates();
            assertThat(login.asked.get()).as("logins").isEqualTo(3);
            assertThat(pool.hasSpare()).isFalse();
            borrowed.forEach(pool::release);
            assertThat(pool.hasSpare()).isTrue();
        }
    }

    @Test
    void aWrongPasswordFailsOneLoginAndTheBorrowThrowsIt() {
        CountingCredentials login = new CountingCredentials("not-the-password");
        try (ImapConnectionPool pool = new ImapConnectionPool(endpoint(login, 4), HostConnectionLimit.NONE)) {
            pool.openAhead(4);
            assertThatThrownBy(pool::borrow).isInstanceOfSatisfying(MailferryException.class,
                    e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH));
            // one connection tried, one login: Angus would ask its authenticator and try once more
            // after a refused login; four connections logging in together would have asked eight times
            assertThat(login.asked.get()).as("secrets asked").isEqualTo(1);
        }
    }

    @Test
    void anErrorWhileOpeningAheadReachesTheBorrowInsteadOfLeavingItWaiting() {
        // a runtime without a module the socket set-up needs fails with a LinkageError in the
        // opening thread; the borrow that waits for that connection must get it
        Credentials broken = new CountingCredentials(() -> {
            throw new NoClassDefFoundError("jdk/net/ExtendedSocketOptions");
        }, new AtomicInteger());
        try (ImapConnectionPool pool = new ImapConnectionPool(endpoint(broken, 2), HostConnectionLimit.NONE)) {
            pool.openAhead(2);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(pool::borrow)
                    .hasMessageContaining("jdk/net/ExtendedSocketOptions"));
        }
    }

    private ImapEndpoint endpoint(Credentials credentials, int connections) {
        ImapTuning tuning = new ImapTuning(Duration.ofSeconds(10), Duration.ofSeconds(30), 50, 1 << 20, 100, 1 << 20,
                Backoff.DEFAULT, connections);
        return new ImapEndpoint(StoreUri.parse("imaps://" + USER + "@" + server.host() + ":" + server.imapsPort()),
                credentials, new TlsSettings(List.of(server.cert()), false), tuning);
    }

    /** A password login that counts how often a connection asked for the secret (once per login). */
    private record CountingCredentials(Supplier<String> password, AtomicInteger asked) implements Credentials {
        CountingCredentials(String password) {
            this(() -> password, new AtomicInteger());
        }

        @Override
        public String user() {
            return USER;
        }

        @Override
        public String mechanisms() {
            return null;
        }

        @Override
        public String secretForLogin() {
            asked.incrementAndGet();
            return password.get();
        }

        @Override
        public String describe() {
            return "test password";
        }
    }
}
