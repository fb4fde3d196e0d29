package org.marketcache.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The start-up warning about a common pool that would start a thread per asynchronous task. */
class CommonPoolWarningTest {

    @Test
    void warnsWithTheFlagThatFixesItWhenTheCommonPoolHasOneThread() {
        assertThat(ConfigValidation.commonPoolWarning(1, 2)).hasValueSatisfying(m -> assertThat(m)
                .contains("parallelism is 1 (2 CPU(s) seen)")
                .contains("-Djava.util.concurrent.ForkJoinPool.common.parallelism=2"));
    }

    @Test
    void saysNothingWhenTheCommonPoolCanRunTasks() {
        assertThat(ConfigValidation.commonPoolWarning(2, 2)).isEmpty();
        assertThat(ConfigValidation.commonPoolWarning(7, 8)).isEmpty();
    }

    /** The build runs every test JVM with the flag (parent POM argLine), as the images run the functions. */
    @Test
    void theTestJvmRunsWithTheFlag() {
        assertThat(java.util.concurrent.ForkJoinPool.getCommonPoolParallelism()).isGreaterThanOrEqualTo(2);
    }
}
