package org.mailferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailferry.e2e.ArchiveSnapshot;
import org.mailferry.testing.ImapSnapshot;

/**
 * The launcher's training run does real work: every step succeeds and the archives it converts
 * arrive whole. (That it makes no network connection is checked by LauncherIT under strace.)
 */
class StartupTrainingTest {

    @TempDir
    Path dir;

    @Test
    void everyTrainingStepShouldSucceedAndConvertTheArchiveWhole() throws Exception {
        int code = StartupTraining.run(dir);

        assertThat(code).isZero();
        ImapSnapshot original = ArchiveSnapshot.take("maildir:" + dir.resolve("maildir"));
        assertThat(original.messages()).hasSize(4);
        assertThat(ImapSnapshot.diff(original, ArchiveSnapshot.take("mbox:" + dir.resolve("mbox")))).isEmpty();
        assertThat(ImapSnapshot.diff(original, ArchiveSnapshot.take("maildir:" + dir.resolve("copy")))).isEmpty();
    }
}
