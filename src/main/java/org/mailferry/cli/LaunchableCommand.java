package org.mailferry.cli;

import org.mailferry.run.Launch;

/** A verb a job file can name (backup, restore, migrate): {@link JobLaunch} runs it in its own engine. */
interface LaunchableCommand {

    /** Makes the next execution of this command run as {@code launch} says instead of standalone. */
    void launchIn(Launch launch);
}
