package org.mailferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.cli.CommandLineUsageTest.Outcome;

/** {@code --folders} that select nothing are refused with the folders that exist, before the target is touched. */
class SelectionCheckTest {

    @TempDir
    Path dir;

    @Test
    void aSelectionOfNoFolderShouldListTheFoldersThatExistAndTouchNothing() throws IOException {
        Path archive = maildir("INBOX", ".Sent", ".Projects.2026");
        Path pass = Files.writeString(dir.resolve("pass"), "x\n");

        Outcome o = CommandLineUsageTest.run("restore", "--from", "maildir:" + archive, "--folders", "Sentt",
                "--target", "imaps://alice@127.0.0.1:1", "--password-file", pass.toString(),
                "--state-dir", dir.resolve("state").toString());

        assertThat(o.code()).as(o.err()).isEqualTo(2);
        assertThat(o.err()).contains("--folders/--exclude select no folder of maildir:" + archive
                + "; its folders: INBOX, Projects/2026, Sent");
        assertThat(CommandLineUsageTest.run("jobs", "list", "--state-dir", dir.resolve("state").toString()).out())
                .contains("no runs recorded");
    }

    private Path maildir(String... folders) throws IOException {
        Path root = dir.resolve("archive");
        for (String f : folders) {
            Path d = f.equals("INBOX") ? root : root.resolve(f);
            for (String sub : new String[] {"cur", "new", "tmp"}) {
                Files.createDirectories(d.resolve(sub));
            }
        }
        return root;
    }
}
