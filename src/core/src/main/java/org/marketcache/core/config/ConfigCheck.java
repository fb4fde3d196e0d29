package org.marketcache.core.config;

import java.util.List;

/**
 * The rules of one module's configuration. Each module that has settings implements it once (in the Quarkus modules
 * as a bean), so that one caller can ask every module at once and report every problem together instead of
 * stopping at the first module that complains: at start-up, and for a proposed document before it is applied.
 */
public interface ConfigCheck {

    /** Adds to {@code problems} every rule this module's configuration breaks; adds nothing when it is valid. */
    void check(ConfigProblems problems);

    /** Every rule this module's configuration breaks, in the order the check found them (empty when valid). */
    default List<ConfigProblem> problems() {
        ConfigProblems problems = new ConfigProblems();
        check(problems);
        return problems.list();
    }
}
