package org.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.junit.jupiter.api.Test;

class AngusResponsesTest {

    @Test
    void fetchAnswersAreKeptFromAngusAndEverythingElseReachesIt() throws Exception {
        Response fetch = new IMAPResponse("* 1 FETCH (UID 5 FLAGS (\\Seen))");
        Response exists = new IMAPResponse("* 3 EXISTS");
        Response expunge = new IMAPResponse("* 2 EXPUNGE");
        Response tagged = new IMAPResponse("A7 OK UID FETCH completed");

        Response[] kept = AngusResponses.withoutFetch(new Response[] {fetch, exists, fetch, expunge, tagged});

        assertThat(kept).containsExactly(exists, expunge, tagged);
    }
}
