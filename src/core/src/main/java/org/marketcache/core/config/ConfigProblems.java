package org.marketcache.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the {@link ConfigProblem}s of one or more {@link ConfigCheck}s, with the rules several modules share
 * written once ({@link #positive}, {@link #between}) so that the same rule reads the same in every module.
 * {@link #collect} runs several checks and {@link #requireNone} turns their problems into one start-up failure that
 * lists them all.
 */
public final class ConfigProblems {
    private final List<ConfigProblem> problems = new ArrayList<>();

    /** Adds a problem. */
    public ConfigProblems add(ConfigProblem problem) {
        problems.add(problem);
        return this;
    }

    /** Adds {@code key rule: value}; see {@link ConfigProblem} for the parts. */
    public ConfigProblems add(String key, String rule, Object value) {
        return add(key, rule, value, null);
    }

    /** Adds {@code key rule: value (fix)}; a null value or fix is left out of the message. */
    public ConfigProblems add(String key, String rule, Object value, String fix) {
        return add(new ConfigProblem(key, rule, value == null ? null : String.valueOf(value), fix));
    }

    /** The duration must be set and above zero. */
    public ConfigProblems positive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            add(key, "must be a positive duration (e.g. 250ms, 5s)", String.valueOf(value));
        }
        return this;
    }

    /** The number must be set and within {@code [min, max]}; {@code fix} (may be null) follows the value. */
    public ConfigProblems between(String key, Integer value, long min, long max, String fix) {
        if (value == null || value < min || value > max) {
            add(key, "must be between " + min + " and " + max, String.valueOf(value), fix);
        }
        return this;
    }

    /** The problems added so far, in the order they were added. */
    public List<ConfigProblem> list() {
        return List.copyOf(problems);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /**
     * Every problem of every check, ordered by key (then as each check found them) so that the report reads like the
     * configuration file and does not depend on the order the checks come in.
     */
    public static List<ConfigProblem> collect(Iterable<? extends ConfigCheck> checks) {
        ConfigProblems all = new ConfigProblems();
        for (ConfigCheck check : checks) {
            check.check(all);
        }
        List<ConfigProblem> sorted = new ArrayList<>(all.problems);
        sorted.sort(Comparator.comparing(ConfigProblem::key));
        return List.copyOf(sorted);
    }

    /** One message listing every problem, one a line. */
    public static String report(List<ConfigProblem> problems) {
        StringBuilder m = new StringBuilder("marketcache configuration is invalid:");
        for (ConfigProblem p : problems) {
            m.append("\n  - ").append(p.message());
        }
        return m.toString();
    }

    /** Throws an {@link IllegalStateException} with the {@link #report} of {@code problems} unless there are none. */
    public static void requireNone(List<ConfigProblem> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalStateException(report(problems));
        }
    }
}
