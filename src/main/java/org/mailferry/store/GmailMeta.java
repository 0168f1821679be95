package org.mailferry.store;

import java.util.List;

/**
 * What Gmail's IMAP extension (X-GM-EXT-1) says of a message besides its flags: its identity
 * across labels, its thread and its labels, exactly as the server sent them (system labels such
 * as {@code \Inbox} keep their backslash; user labels are decoded folder names, {@code /} between
 * levels). A message of any other server has none ({@code null} in {@link MessageMeta#gmail()}).
 *
 * @param msgId  X-GM-MSGID, unique per message in the account
 * @param thrId  X-GM-THRID, the conversation it belongs to
 * @param labels X-GM-LABELS in the order the server listed them (the first is the "primary" one)
 */
public record GmailMeta(long msgId, long thrId, List<String> labels) {

    public GmailMeta {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** The same message with other labels. */
    public GmailMeta withLabels(List<String> newLabels) {
        return new GmailMeta(msgId, thrId, newLabels);
    }
}
