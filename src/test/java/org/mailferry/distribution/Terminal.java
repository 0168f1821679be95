package org.mailferry.distribution;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A terminal a test types into, as a person would: a tmux session on a server of its own (socket
 * name), 120 by 30 characters, read back from its screen. Closing it ends the tmux server.
 */
final class Terminal implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String socket;

    Terminal(String socket, String command) throws IOException, InterruptedException {
        this.socket = socket;
        tmux("new-session", "-d", "-x", "120", "-y", "30", command);
    }

    /** Sends keys: tmux key names ("Enter", "Tab", "C-u") or literal text. */
    void type(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "0"));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-t", "0");
    }

    /** Polls the screen until it shows {@code text}. */
    void await(String text) throws IOException, InterruptedException {
        long end = System.nanoTime() + TIMEOUT.toNanos();
        String screen = screen();
        while (!screen.contains(text)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the terminal did not show '" + text + "' within " + TIMEOUT + ":\n" + screen);
            }
            Thread.sleep(100);
            screen = screen();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Program.run(Map.of(), TIMEOUT, "tmux", "-L", socket, "kill-server");
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Program.Result r = Program.run(Map.of(), TIMEOUT, cmd);
        if (r.exitCode() != 0) {
            throw new AssertionError(cmd + " failed: " + r);
        }
        return r.out();
    }
}
