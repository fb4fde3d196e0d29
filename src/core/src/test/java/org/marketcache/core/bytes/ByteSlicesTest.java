package org.marketcache.core.bytes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ByteSlicesTest {

    @Test
    void referencesTheAddedArraysAndJoinsThemInOrder() {
        byte[] a = "abcdef".getBytes(StandardCharsets.US_ASCII);
        ByteSink head = new ByteSink(4).ascii("{[");
        ByteSlices s = new ByteSlices(1).add(head).add(a, 1, 3).comma().add(a, 0, 0).add(a);

        assertThat(new String(s.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo("{[bcd,abcdef");
        assertThat(s.length()).isEqualTo(12);
        assertThat(s.count()).as("the empty slice is skipped").isEqualTo(4);
        assertThat(s.array(1)).isSameAs(a);
        assertThat(s.offset(1)).isEqualTo(1);
        assertThat(s.length(1)).isEqualTo(3);
        assertThat(s.array(0)).as("the sink's own array, not a copy").isSameAs(head.array());
    }

    @Test
    void growsPastTheExpectedNumberOfSlices() {
        byte[] x = {'x'};
        ByteSlices s = new ByteSlices(2);
        for (int i = 0; i < 100; i++) {
            s.add(x);
        }
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.toByteArray()).hasSize(100).containsOnly((byte) 'x');
    }

    @Test
    void refusesASliceOutsideItsArray() {
        byte[] a = new byte[4];
        ByteSlices s = new ByteSlices(1);
        assertThrows(IndexOutOfBoundsException.class, () -> s.add(a, 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> s.add(a, -1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> s.array(0));
    }
}
