package org.marketcache.bench.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One table of the report: columns with a title and an alignment (text left, numbers right), then rows of cells.
 * Every table of the report is built here, so a row with a cell too many or too few fails where it is written instead
 * of shifting the columns of the rendered report. Rows may be added from a reporting thread while the run goes on.
 */
final class MarkdownTable {

    /** A column: its title and whether its cells are numbers (aligned right). */
    record Column(String title, boolean numeric) {
        static Column text(String title) {
            return new Column(title, false);
        }

        static Column numeric(String title) {
            return new Column(title, true);
        }
    }

    private final List<Column> columns;
    private final List<String> rows = new ArrayList<>();

    MarkdownTable(Column... columns) {
        if (columns.length == 0) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.columns = List.of(columns);
    }

    /**
     * Adds a row and answers it rendered (for the log). Cells are written with {@link String#valueOf(Object)};
     * a {@code |} inside a cell is escaped.
     */
    synchronized String add(Object... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("table '" + columns.get(0).title() + "' has " + columns.size()
                    + " columns, a row gave " + cells.length + " cells: " + Arrays.toString(cells));
        }
        String row = line(Arrays.stream(cells).map(c -> String.valueOf(c).replace("|", "\\|")).toList());
        rows.add(row);
        return row;
    }

    /** The header, the alignment line and every row, each line ending with a newline. */
    @Override
    public synchronized String toString() {
        StringBuilder b = new StringBuilder();
        b.append(line(columns.stream().map(Column::title).toList())).append('\n');
        b.append(columns.stream().map(c -> c.numeric() ? "---:" : "---").collect(Collectors.joining("|", "|", "|")))
                .append('\n');
        rows.forEach(r -> b.append(r).append('\n'));
        return b.toString();
    }

    private static String line(List<String> cells) {
        return cells.stream().collect(Collectors.joining(" | ", "| ", " |"));
    }
}
