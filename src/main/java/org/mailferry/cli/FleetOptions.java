package org.mailferry.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --distributed} and the fleet key shared by a manager and its workers ({@code fleet.PlanSignature}). */
final class FleetOptions {

    @Option(names = "--distributed", description = "Run the accounts on the workers of a fleet (mailferry worker, sharing this --job-db): one partition per account, secrets resolved by the worker that runs it.")
    boolean distributed;

    @Option(names = "--fleet-key-file", paramLabel = "FILE", description = "The key that signs each account's plan for the workers (default: STATE/fleet.key, created by the first distributed run; copy it to every worker, mode 0600).")
    Path keyFile;

    /** The key file: the option, else {@code fleet.key} in the state directory. */
    Path keyFile(Path stateDir) {
        return keyFile != null ? keyFile : stateDir.resolve("fleet.key");
    }
}
