package org.marketcache.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import picocli.CommandLine;

class DurationConverterTest {

    @ParameterizedTest
    @CsvSource({
        "250ms, PT0.25S",
        "5s, PT5S",
        "2m30s, PT2M30S",
        "1h, PT1H",
        "90m, PT1H30M",
        "1h2m3s4ms, PT1H2M3.004S",
        "5m, PT5M",
        "0s, PT0S",
        "' 20s ', PT20S",
        "PT5S, PT5S",
        "pt1m, PT1M",
        "PT0.5S, PT0.5S",
    })
    void readsUnitsAndIso8601(String text, String expected) {
        assertThat(DurationConverter.parse(text)).isEqualTo(Duration.parse(expected));
    }

    /** What the old parser got wrong: an hour was a second, and 2m30s was 230 of something. */
    @Test
    void anHourIsAnHourAndMinutesAddSeconds() {
        assertThat(DurationConverter.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationConverter.parse("2m30s")).isEqualTo(Duration.ofSeconds(150));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void anyCombinationOfUnitsReadsBack(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 1000; i++) {
            long h = random.nextInt(3) == 0 ? random.nextLong(100) : -1;
            long m = random.nextInt(2) == 0 ? random.nextLong(1000) : -1;
            long s = random.nextInt(2) == 0 ? random.nextLong(100_000) : -1;
            long ms = random.nextInt(2) == 0 || h + m + s == -3 ? random.nextLong(10_000) : -1;
            String text = (h < 0 ? "" : h + "h") + (m < 0 ? "" : m + "m") + (s < 0 ? "" : s + "s")
                    + (ms < 0 ? "" : ms + "ms");
            Duration expected = Duration.ofHours(Math.max(0, h)).plusMinutes(Math.max(0, m))
                    .plusSeconds(Math.max(0, s)).plusMillis(Math.max(0, ms));
            assertThat(DurationConverter.parse(text)).as(text).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "5", "5x", "s", "ms", "1.5s", "-5s", "5s2m", "5 s", "1d", "1h1h", "PT",
        "P5X", "99999999999999999999s", "9223372036854775807h"})
    void refusesWhatIsNoDurationNamingTheValue(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DurationConverter.parse(text));
        assertThat(e.getMessage()).contains("'" + text + "'").contains(DurationConverter.EXAMPLES);
    }

    @Test
    void refusesNegativeIsoDurations() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DurationConverter.parse("PT-5S"));
        assertThat(e.getMessage()).isEqualTo("must not be negative: 'PT-5S'");
    }

    @Test
    void aBadValueOnTheCommandLineNamesTheOption() {
        CommandLine cmd = Bench.commandLine();
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err));
        int exit = cmd.execute("--sustained-interval", "1 minute");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("Invalid value for option '--sustained-interval': must be a duration"
                + " such as 250ms, 5s, 2m30s, 1h or PT5S: '1 minute'");
    }
}
