package org.mailferry.imap;

import java.util.Properties;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one timer that enforces Angus Mail's write timeouts for every IMAP and SMTP socket.
 *
 * <p>Without it Angus starts a non-daemon timer thread per socket and stops it only when the
 * socket is closed; a socket whose connect fails is never closed, so each refused or dropped
 * connection left a thread that kept the process (and the scheduler) alive. This pool is shared,
 * daemon and never shut down; a cancelled timeout leaves the queue at once.
 */
public final class WriteTimeouts {

    private static final ScheduledExecutorService TIMER = create();

    private WriteTimeouts() {
    }

    /** Sets {@code writetimeout} for {@code mail.<protocol>.} and hands Angus the shared timer. */
    public static void configure(Properties props, String protocol, long millis) {
        String p = "mail." + protocol + ".";
        props.put(p + "writetimeout", String.valueOf(millis));
        props.put(p + "executor.writetimeout", TIMER);
    }

    private static ScheduledExecutorService create() {
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mail-write-timeout-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
