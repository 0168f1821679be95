package org.mailferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** Sizes and durations as users write them on the command line and in job files. */
class ConvertersTest {

    @ParameterizedTest
    @CsvSource({"35MB, 35000000", "34MiB, 35651584", "500k, 512000", "1048576, 1048576", "2 GB, 2000000000", "0, 0"})
    void sizesShouldConvert(String text, long bytes) {
        assertThat(new SizeConverter().convert(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource({"90d, P90D", "12h, PT12H", "30m, PT30M", "45s, PT45S", "0, PT0S", "P7D, P7D", "pt1h, PT1H"})
    void durationsShouldConvert(String text, String iso) {
        assertThat(new DurationConverter().convert(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-5d", "5w", "d", "12 apples"})
    void badDurationsShouldSayWhatIsExpected(String text) {
        assertThatThrownBy(() -> new DurationConverter().convert(text)).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("90d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"many", "-1MB", "12XB"})
    void badSizesShouldSayWhatIsExpected(String text) {
        assertThatThrownBy(() -> new SizeConverter().convert(text)).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("35MB");
    }
}
