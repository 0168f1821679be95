package org.mailferry.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DisplayWidthTest {

    @Test
    void wideCharactersShouldTakeTwoColumnsAndCombiningMarksNone() {
        assertThat(DisplayWidth.of("INBOX")).isEqualTo(5);
        assertThat(DisplayWidth.of("受信トレイ")).isEqualTo(10);
        assertThat(DisplayWidth.of("보낸편지함")).isEqualTo(10);
        assertThat(DisplayWidth.of("Ｆｕｌｌ")).isEqualTo(8);
        assertThat(DisplayWidth.of("e\u0301te\u0301")).as("decomposed été").isEqualTo(3);
        assertThat(DisplayWidth.of("Входящие")).isEqualTo(8);
        assertThat(DisplayWidth.of("📁 Archiv")).isEqualTo(9);
    }

    @Test
    void paddingShouldCountColumnsNotChars() {
        assertThat(DisplayWidth.padRight("受信", 6)).isEqualTo("受信  ");
        assertThat(DisplayWidth.padLeft("受信", 6)).isEqualTo("  受信");
        assertThat(DisplayWidth.padRight("toolong", 3)).isEqualTo("toolong");
    }
}
