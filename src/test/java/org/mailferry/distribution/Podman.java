package org.mailferry.distribution;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * podman as root with an image store of the test's own ({@code vfs}, which needs no overlay
 * support from the kernel), so nothing is left in the machine's store. Containers use the host's
 * network (the test Dovecot listens on 127.0.0.1). On these machines crun refuses the hybrid
 * cgroup hierarchy, so runc runs the containers when it is installed; the open-files and process
 * limits are set below the host's hard limits, which podman's defaults exceed.
 */
final class Podman {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final List<String> base;

    Podman(Path dir) {
        base = new ArrayList<>(List.of("podman", "--root", dir.resolve("root").toString(), "--runroot",
                dir.resolve("run").toString(), "--storage-driver", "vfs"));
        if (Program.onPath("runc")) {
            base.addAll(List.of("--runtime", "runc"));
        }
    }

    void load(Path imageTar) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(base);
        cmd.addAll(List.of("load", "-i", imageTar.toString()));
        Program.Result r = Program.run(Map.of(), TIMEOUT, cmd);
        if (r.exitCode() != 0) {
            throw new AssertionError("podman load failed: " + r);
        }
    }

    /** {@code podman run --rm} of the image with the given run options and arguments. */
    Program.Result run(List<String> options, String image, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(base);
        cmd.addAll(List.of("run", "--rm", "--network", "host", "--ulimit", "nofile=1024:1024", "--ulimit",
                "nproc=4096:4096"));
        cmd.addAll(options);
        cmd.add(image);
        cmd.addAll(List.of(args));
        return Program.run(Map.of(), TIMEOUT, cmd);
    }
}
