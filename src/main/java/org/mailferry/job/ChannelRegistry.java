package org.mailferry.job;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mailferry.error.ExitCode;
import org.mailferry.error.FailureScope;
import org.mailferry.error.MailferryException;

/** Channels of the runs in this process, by key. Thread-safe. */
public final class ChannelRegistry {

    private final Map<String, CopyChannel> channels = new ConcurrentHashMap<>();

    public void register(CopyChannel channel) {
        channels.put(channel.key(), channel);
    }

    public void remove(String key) {
        channels.remove(key);
    }

    public CopyChannel get(String key) {
        CopyChannel c = channels.get(key);
        if (c == null) {
            throw new MailferryException(FailureScope.STORE, ExitCode.INTERNAL,
                    "no channel " + key + " in this process: a job can only run from the command that defines it");
        }
        return c;
    }
}
