package org.mailferry.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {

    @Test
    void escapeShouldMakeEveryControlCharacterVisibleWhenAServerSendsOne() {
        String hostile = "INBOX\u001b]0;owned\u0007\u001b[2J\r\nERROR forged\u0000\u009b\u202eevil";
        String safe = SafeText.escape(hostile);
        assertThat(safe).isEqualTo("INBOX\\x1b]0;owned\\x07\\x1b[2J\\r\\nERROR forged\\x00\\x9b\\u202eevil");
        assertThat(safe.chars().noneMatch(c -> SafeText.unsafe((char) c))).isTrue();
    }

    @Test
    void escapeShouldLeavePrintableTextAloneWhenItIsClean() {
        String name = "Archiv/Entwürfe 📎 \\ 2024";
        assertThat(SafeText.escape(name)).isSameAs(name);
    }

    @Test
    void escapeKeepingLinesShouldKeepLineFeedsAndTabsOnly() {
        assertThat(SafeText.escapeKeepingLines("a\nb\rc\u001b\td")).isEqualTo("a\nb\\rc\\x1b\td");
    }
}
