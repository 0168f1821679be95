package org.mailferry.imap;

import java.util.ArrayList;
import java.util.List;
import jakarta.mail.FetchProfile;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.iap.ParsingException;
import org.eclipse.angus.mail.iap.ProtocolException;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.FetchItem;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.BASE64MailboxDecoder;
import org.mailferry.store.GmailMeta;

/**
 * Gmail's FETCH items (X-GM-EXT-1: {@code X-GM-MSGID}, {@code X-GM-THRID}, {@code X-GM-LABELS}),
 * taught to Angus's response parser, which otherwise drops a whole FETCH answer that holds an
 * item it does not know. {@link #newStore} makes the Angus store every {@link ImapConnection}
 * uses: Angus's own, whose protocol object parses these items too (answers of other servers
 * never hold them). Angus's {@code gimap} provider did this; Angus 2 no longer ships it.
 */
final class GmailItems {

    static final String CAPABILITY = "X-GM-EXT-1";
    static final String MSGID = "X-GM-MSGID";
    static final String THRID = "X-GM-THRID";
    static final String LABELS = "X-GM-LABELS";
    /** What a FETCH asks for to learn a message's Gmail fields. */
    static final String FETCH = MSGID + " " + THRID + " " + LABELS;

    private static final FetchItem[] ITEMS = {
        new FetchItem(MSGID, new FetchProfile.Item(MSGID) { }) {
            @Override
            public Object parseItem(FetchResponse r) {
                return r.readLong();
            }
        },
        new FetchItem(THRID, new FetchProfile.Item(THRID) { }) {
            @Override
            public Object parseItem(FetchResponse r) {
                return r.readLong();
            }
        },
        new FetchItem(LABELS, new FetchProfile.Item(LABELS) { }) {
            @Override
            public Object parseItem(FetchResponse r) throws ParsingException {
                return labels(r);
            }
        },
    };

    private GmailItems() {
    }

    /** The items Angus's FETCH parser is taught. */
    static FetchItem[] items() {
        return ITEMS.clone();
    }

    /**
     * A label list: quoted strings ({@code "\\Inbox"}, {@code "Muy Importante"}), literals, or
     * atoms that may start with a backslash ({@code \Inbox}, which Angus's atom reader stops at),
     * each decoded from modified UTF-7.
     */
    static List<String> labels(FetchResponse r) throws ParsingException {
        r.skipSpaces();
        if (r.readByte() != '(') {
            throw new ParsingException("X-GM-LABELS: a list was expected");
        }
        List<String> out = new ArrayList<>();
        while (true) {
            r.skipSpaces();
            byte b = r.peekByte();
            if (b == ')') {
                r.readByte();
                return out;
            }
            String s;
            if (b == '"' || b == '{') {
                s = r.readString();
            } else {
                StringBuilder atom = new StringBuilder();
                while ((b = r.peekByte()) != ' ' && b != ')' && b != 0) {
                    atom.append((char) r.readByte());
                }
                s = atom.toString();
            }
            if (s == null) {
                throw new ParsingException("X-GM-LABELS: a label was expected");
            }
            out.add(BASE64MailboxDecoder.decode(s));
        }
    }

    /** The Gmail fields of a FETCH answer, or null when it has no X-GM-MSGID. */
    @SuppressWarnings("unchecked")
    static GmailMeta of(FetchResponse fr) {
        java.util.Map<String, Object> x = fr.getExtensionItems();
        if (x == null || !(x.get(MSGID) instanceof Long id)) {
            return null;
        }
        long thread = x.get(THRID) instanceof Long t ? t : 0;
        List<String> labels = x.get(LABELS) instanceof List<?> l ? (List<String>) l : List.of();
        return new GmailMeta(id, thread, labels);
    }

    /** Angus's IMAP store for {@code protocol} ("imap" or "imaps"), its responses parsed with Gmail's items. */
    static IMAPStore newStore(Session session, String protocol) {
        return new Store(session, new URLName(protocol, null, -1, null, null, null), protocol, "imaps".equals(protocol));
    }

    private static final class Store extends IMAPStore {

        Store(Session session, URLName url, String name, boolean ssl) {
            super(session, url, name, ssl);
        }

        @Override
        protected IMAPProtocol newIMAPProtocol(String host, int port) throws java.io.IOException, ProtocolException {
            return new IMAPProtocol(name, host, port, session.getProperties(), isSSL, logger) {
                @Override
                public FetchItem[] getFetchItems() {
                    return items();
                }
            };
        }
    }
}
