package org.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Throttling pauses per mailbox: within this process, and what the fleet is told and asked. */
class HostConnectionLimitTest {

    /** Shared permits as a fleet's database would keep them, in memory: pauses recorded, one reported. */
    private static final class Fleet implements HostConnectionLimit.SharedPermits {
        final List<String> told = new ArrayList<>();
        Duration reported = Duration.ZERO;

        @Override
        public void acquire(String host, int perHost) {
        }

        @Override
        public boolean tryAcquire(String host, int perHost) {
            return true;
        }

        @Override
        public void release(String host) {
        }

        @Override
        public void pauseMailbox(String mailbox, Duration wait) {
            told.add(mailbox + " " + wait.toMillis());
        }

        @Override
        public Duration mailboxPause(String mailbox) {
            return reported;
        }
    }

    @Test
    void aThrottledMailboxShouldMakeItsOtherConnectionsWaitButNotOtherMailboxes() {
        HostConnectionLimit limit = new HostConnectionLimit(0);
        limit.throttled("bob@imap.example.org", Duration.ofMillis(400));

        long start = System.nanoTime();
        limit.awaitMailbox("alice@imap.example.org", true);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("another mailbox").isLessThan(300);

        start = System.nanoTime();
        limit.awaitMailbox("bob@imap.example.org", false);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("bob's pause").isGreaterThanOrEqualTo(300);

        start = System.nanoTime();
        limit.awaitMailbox("bob@imap.example.org", false);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("once it ran out").isLessThan(300);
    }

    @Test
    void theFleetShouldBeToldOfAPauseAndAskedBeforeConnecting() {
        Fleet fleet = new Fleet();
        HostConnectionLimit limit = new HostConnectionLimit(4, fleet);
        limit.throttled("bob@imap.example.org", Duration.ofMillis(50));
        assertThat(fleet.told).containsExactly("bob@imap.example.org 50");

        fleet.reported = Duration.ofMillis(400); // another worker was told to leave bob alone
        long start = System.nanoTime();
        limit.awaitMailbox("bob@imap.example.org", false);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("commands ask only this process")
                .isLessThan(300);
        start = System.nanoTime();
        limit.awaitMailbox("bob@imap.example.org", true);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("connecting asks the fleet")
                .isGreaterThanOrEqualTo(300);
    }

    @Test
    void theMailboxKeyShouldBeUserAtHostInLowerCase() {
        org.mailferry.auth.Credentials bob = new org.mailferry.auth.Credentials() {
            @Override
            public String user() {
                return "Bob@Company.com";
            }

            @Override
            public String mechanisms() {
                return null;
            }

            @Override
            public String secretForLogin() {
                throw new AssertionError("no login here");
            }

            @Override
            public String describe() {
                return "none";
            }
        };
        ImapEndpoint endpoint = new ImapEndpoint(org.mailferry.store.StoreUri.parse("imaps://Bob%40Company.com@Outlook.Office365.com"),
                bob, TlsSettings.DEFAULT, ImapTuning.DEFAULT);
        assertThat(HostConnectionLimit.mailbox(endpoint)).isEqualTo("bob@company.com@outlook.office365.com");
    }
}
