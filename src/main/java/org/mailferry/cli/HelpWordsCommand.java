package org.mailferry.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.mailferry.error.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.Parameters;

/**
 * {@code mailferry help [COMMAND...]}: the help of the command the words name, as deep as they go
 * ({@code help jobs list}), where picocli's own help command reads only the first word. A word
 * that names no command is a usage error with the closest names. Not thread-safe (one per run).
 */
@Command(name = "help", helpCommand = true, header = "Show the help of a command: mailferry help jobs list.",
        description = "Without a COMMAND, the help of mailferry itself.",
        footer = {"", "Examples:", "  mailferry help backup", "  mailferry help jobs restart"})
final class HelpWordsCommand implements IHelpCommandInitializable2, Callable<Integer> {

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command (and subcommand) to show the help of.")
    List<String> words = List.of();

    private CommandLine self;
    private Help.ColorScheme colors;

    @Override
    public void init(CommandLine helpCommandLine, Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
    }

    @Override
    public Integer call() {
        CommandLine shown = self.getParent();
        for (String word : words) {
            CommandLine next = shown.getSubcommands().get(word);
            if (next == null) {
                PrintWriter err = self.getErr();
                err.println("mailferry: " + UsageErrors.unknown(shown, List.of(word)));
                err.println("Try '" + shown.getCommandSpec().qualifiedName() + " --help'.");
                err.flush();
                return ExitCode.USAGE.code();
            }
            shown = next;
        }
        shown.usage(self.getOut(), colors);
        return ExitCode.OK.code();
    }
}
