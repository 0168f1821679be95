package org.mailferry.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.eclipse.angus.mail.iap.Literal;
import org.mailferry.store.MessageContent;

/** A message's bytes as an IMAP literal, streamed from wherever they live (never buffered here). */
final class ContentLiteral implements Literal {

    private final MessageContent content;

    ContentLiteral(MessageContent content) {
        this.content = content;
    }

    @Override
    public int size() {
        return Math.toIntExact(content.size());
    }

    @Override
    public void writeTo(OutputStream os) throws IOException {
        try (InputStream in = content.open()) {
            in.transferTo(os);
        }
    }
}
