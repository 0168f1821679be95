package org.mailferry.imap;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;

/** What of a raw command's responses is handed back to Angus. Stateless. */
public final class AngusResponses {

    private AngusResponses() {
    }

    /**
     * The responses Angus must see to keep its folder state right (EXISTS, EXPUNGE, VANISHED, BYE,
     * the tagged result), without the FETCH answers: for each of those Angus would create and keep
     * a message object in the folder's cache, memory growing with the folder (50,000 messages:
     * 20 MB) for objects mailferry never uses.
     */
    public static Response[] withoutFetch(Response[] responses) {
        List<Response> kept = new ArrayList<>();
        for (Response resp : responses) {
            if (!(resp instanceof IMAPResponse r && r.keyEquals("FETCH"))) {
                kept.add(resp);
            }
        }
        return kept.toArray(Response[]::new);
    }
}
