package org.mailferry.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.UID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailferry.store.GmailMeta;

class GmailItemsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // the forms in Google's description and seen from Gmail: atoms with a backslash, quoted strings
        "(X-GM-LABELS (\\Inbox \\Sent Important \"Muy Importante\") UID 7 X-GM-MSGID 1278455344230334865 X-GM-THRID 1266894439832287888)|\\Inbox,\\Sent,Important,Muy Importante",
        "(UID 7 X-GM-MSGID 1278455344230334865 X-GM-THRID 1266894439832287888 X-GM-LABELS (\"\\\\Inbox\" \"Work/2026\"))|\\Inbox,Work/2026",
        "(UID 7 X-GM-MSGID 1278455344230334865 X-GM-THRID 1266894439832287888 X-GM-LABELS ())|",
        "(UID 7 X-GM-MSGID 1278455344230334865 X-GM-THRID 1266894439832287888 X-GM-LABELS (&AMk-t&AOk-))|Été",
    })
    void fetchAnswersShouldYieldGmailsFieldsWhateverTheLabelsForm(String items, String labels) throws Exception {
        FetchResponse fr = parse(items);
        GmailMeta g = GmailItems.of(fr);
        assertThat(fr.getItem(UID.class).uid).isEqualTo(7);
        assertThat(g.msgId()).isEqualTo(1278455344230334865L);
        assertThat(g.thrId()).isEqualTo(1266894439832287888L);
        assertThat(g.labels()).isEqualTo(labels == null ? List.of() : List.of(labels.split(",")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"(UID 7 FLAGS (\\Seen))"})
    void anAnswerWithoutGmailsItemsShouldHaveNone(String items) throws Exception {
        assertThat(GmailItems.of(parse(items))).isNull();
    }

    /** The answer as Angus reads it from a connection whose protocol knows Gmail's items. */
    private static FetchResponse parse(String items) throws Exception {
        byte[] line = ("* 3 FETCH " + items + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        IMAPProtocol p = new IMAPProtocol(new java.io.ByteArrayInputStream(line),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), new java.util.Properties(), false) {
            @Override
            public org.eclipse.angus.mail.imap.protocol.FetchItem[] getFetchItems() {
                return GmailItems.items();
            }
        };
        return (FetchResponse) p.readResponse();
    }
}
