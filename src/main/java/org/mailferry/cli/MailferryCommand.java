package org.mailferry.cli;

import picocli.CommandLine.Command;

/** The top-level {@code mailferry} command: only dispatches to the verbs. */
@Command(name = "mailferry", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Back up, restore and migrate mailboxes over IMAP, resumably.",
        subcommands = {BackupCommand.class, RestoreCommand.class, MigrateCommand.class, CheckCommand.class, VerifyCommand.class, LsCommand.class, SearchCommand.class, ExportCommand.class, ImportCommand.class,
                RunCommand.class, JobsCommand.class, ScheduleCommand.class, WorkerCommand.class, HelpWordsCommand.class},
        footer = {"", "Exit codes: 0 ok, 2 usage, 3 partial, 10 authentication, 11 connection, 12 TLS,",
                "13 server refused, 14 archive/disk, 15 busy, 16 interrupted, 17 throttled, 1 internal error."})
public final class MailferryCommand {
}
