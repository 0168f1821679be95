package org.mailferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.mailferry.imap.ImapPolicy.AppendCheck;
import org.mailferry.provider.Providers;

class VerifyAppendOptionTest {

    private final StringWriter err = new StringWriter();

    @Test
    void resolveShouldReadBackHeadersByDefaultAndNothingOnMicrosoft365() {
        VerifyAppendOption option = new VerifyAppendOption();

        assertThat(option.resolve(Providers.GMAIL, new PrintWriter(err, true))).isEqualTo(AppendCheck.HEADERS);
        assertThat(err.toString()).isEmpty();
        assertThat(option.resolve(Providers.OFFICE365, new PrintWriter(err, true))).isEqualTo(AppendCheck.NONE);
        assertThat(err.toString()).contains("re-rendered", "--verify-append headers");
    }

    @Test
    void resolveShouldKeepWhatTheUserChose() {
        VerifyAppendOption option = new VerifyAppendOption();
        option.appendCheck = AppendCheck.FULL;

        assertThat(option.resolve(Providers.OFFICE365, new PrintWriter(err, true))).isEqualTo(AppendCheck.FULL);
        assertThat(err.toString()).isEmpty();
    }
}
