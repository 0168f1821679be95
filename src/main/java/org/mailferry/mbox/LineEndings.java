package org.mailferry.mbox;

import java.io.IOException;
import java.io.InputStream;

/** Decides whether a message may be stored with LF endings and restored exactly. Stateless. */
final class LineEndings {

    private LineEndings() {
    }

    /**
     * True when the bytes contain at least one line ending and every one is CRLF: each {@code \n}
     * follows a {@code \r} and each {@code \r} precedes a {@code \n}. Reads {@code in} to the end
     * (or to the first counter-example); does not close it.
     */
    static boolean isUniformCrlf(InputStream in) throws IOException {
        byte[] buf = new byte[64 * 1024];
        boolean afterCr = false;
        boolean sawCrlf = false;
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == '\n') {
                    if (!afterCr) {
                        return false;
                    }
                    sawCrlf = true;
                } else if (afterCr) {
                    return false;
                }
                afterCr = b == '\r';
            }
        }
        return sawCrlf && !afterCr;
    }
}
