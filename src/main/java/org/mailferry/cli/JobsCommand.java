package org.mailferry.cli;

import java.util.concurrent.Callable;
import org.mailferry.error.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mailferry jobs}: the history of runs in the job database, and restarting or abandoning one. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = {"The runs recorded in the job database: list, show one, restart or abandon it."},
        subcommands = {JobsListCommand.class, JobsShowCommand.class, JobsRestartCommand.class, JobsAbandonCommand.class, HelpWordsCommand.class},
        footer = {"", "Examples:", "  mailferry jobs list", "  mailferry jobs list --job nightly-alice --json",
                "  mailferry jobs show 42", "  mailferry jobs restart 42", "  mailferry jobs abandon 41"})
public final class JobsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE.code();
    }
}
