package org.marketcache.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.marketcache.bench.load.MarkdownTable.Column.numeric;
import static org.marketcache.bench.load.MarkdownTable.Column.text;

import org.junit.jupiter.api.Test;

class MarkdownTableTest {

    @Test
    void rendersHeaderAlignmentAndRows() {
        MarkdownTable table = new MarkdownTable(text("target"), numeric("round"), numeric("P99 ms"));
        table.add("read function, L1 hit", 1, "0.412");
        table.add("(a) L3 direct", 2, 12.5);
        assertThat(table.toString()).isEqualTo("""
                | target | round | P99 ms |
                |---|---:|---:|
                | read function, L1 hit | 1 | 0.412 |
                | (a) L3 direct | 2 | 12.5 |
                """);
    }

    @Test
    void addAnswersTheRenderedRowForTheLog() {
        MarkdownTable table = new MarkdownTable(numeric("min"), text("heap"));
        assertThat(table.add(1, "300 MB (200 MB) / 1000 MB")).isEqualTo("| 1 | 300 MB (200 MB) / 1000 MB |");
    }

    @Test
    void aTableWithoutRowsIsItsHeader() {
        assertThat(new MarkdownTable(text("a"), text("b")).toString()).isEqualTo("| a | b |\n|---|---|\n");
    }

    @Test
    void emptyCellsAndNullsStayInTheirColumn() {
        MarkdownTable table = new MarkdownTable(text("a"), text("b"), text("c"));
        table.add("x", "", null);
        assertThat(table.toString()).endsWith("| x |  | null |\n");
    }

    @Test
    void aPipeInACellIsEscaped() {
        MarkdownTable table = new MarkdownTable(text("key"));
        table.add("binance|BTC-USDT");
        assertThat(table.toString()).endsWith("| binance\\|BTC-USDT |\n");
    }

    @Test
    void aRowWithTheWrongNumberOfCellsIsRefusedNamingTheTable() {
        MarkdownTable table = new MarkdownTable(text("figure"), text("target"), text("measured"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.add("L1 P95", "< 1 ms"));
        assertThat(e.getMessage()).isEqualTo("table 'figure' has 3 columns, a row gave 2 cells: [L1 P95, < 1 ms]");
    }

    @Test
    void aTableNeedsAColumn() {
        assertThrows(IllegalArgumentException.class, MarkdownTable::new);
    }
}
