package org.marketcache.bench.load;

import java.io.PrintStream;

/**
 * The Markdown report a run writes to {@code report.md}: text and tables appended by the phases in order, and the
 * progress log on standard output. Synchronised, as the sustained phase reports from the generator's reporting
 * thread.
 */
final class Report {
    private final StringBuilder text = new StringBuilder();
    private final PrintStream log;

    Report(PrintStream log) {
        this.log = log;
    }

    /** A phase's heading in the report, and in the log. */
    synchronized void section(String title) {
        text.append("## ").append(title).append("\n\n");
        log.println("== " + title);
    }

    synchronized void add(String markdown) {
        text.append(markdown);
    }

    synchronized void add(MarkdownTable table) {
        text.append(table);
    }

    /** A line of progress on standard output only. */
    void log(String line) {
        log.println(line);
    }

    synchronized String markdown() {
        return text.toString();
    }
}
