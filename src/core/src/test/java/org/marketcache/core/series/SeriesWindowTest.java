package org.marketcache.core.series;

import org.marketcache.core.bytes.ByteSlices;
import org.marketcache.core.bytes.Fragments;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stitching a window over chunks, against a plain list of the same elements: randomised chunks (some empty, some
 * absent), windows and limits; each seed is one case.
 */
class SeriesWindowTest {
    private static final long SPAN = 100;

    static LongStream seeds() {
        return LongStream.range(0, 400);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void answerHoldsExactlyTheSelectedElementsInOrder(long seed) {
        Random r = new Random(seed);
        int n = 1 + r.nextInt(6);
        List<SeriesChunk> chunks = new ArrayList<>();
        List<Long> all = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            if (r.nextInt(6) == 0) {
                chunks.add(null);
                continue;
            }
            Fragments.Builder b = new Fragments.Builder(4, 64);
            List<Long> times = new ArrayList<>();
            for (long t = c * SPAN; t < (c + 1) * SPAN; t += 1 + r.nextInt(30)) {
                times.add(t);
                b.begin().ascii("{\"t\":").decimal(t).write('}');
                b.end();
            }
            all.addAll(times);
            chunks.add(new SeriesChunk(c * SPAN, (c + 1) * SPAN, times.stream().mapToLong(Long::longValue).toArray(),
                    b.build(), new byte[0], true));
        }
        long from = r.nextInt((int) (n * SPAN + 20)) - 10;
        long to = from + r.nextInt((int) (n * SPAN));
        int limit = 1 + r.nextInt(40);
        boolean latest = r.nextBoolean();

        SeriesWindow w = SeriesWindow.select(chunks, from, to, limit, latest);
        ByteSlices out = new ByteSlices(1);
        w.addTo(out);

        List<Long> inRange = all.stream().filter(t -> t >= from && t < to).toList();
        List<Long> expected = latest ? inRange.subList(Math.max(0, inRange.size() - limit), inRange.size())
                : inRange.subList(0, Math.min(limit, inRange.size()));
        StringJoiner json = new StringJoiner(",");
        expected.forEach(t -> json.add("{\"t\":" + t + "}"));
        assertThat(new String(out.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo(json.toString());
        assertThat(w.count()).isEqualTo(expected.size());
        assertThat(out.length()).isEqualTo(json.length());
        // one slice per contributing chunk and a comma between: the elements are referenced, never copied one by one
        assertThat(out.count()).isLessThanOrEqualTo(Math.max(0, 2 * n - 1)).isLessThanOrEqualTo(w.sliceCountHint());
    }
}
