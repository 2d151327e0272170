package dev.conveyor.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromptCacheTest {

    private final PromptCache cache = new PromptCache();

    private static CompletionCall call(String prefix, boolean explicit) {
        return new CompletionCall("k", "m", prefix + "\nquestion", 0, null, prefix, explicit);
    }

    @Test
    void implicitCacheReportsAPrefixSeenBeforeIn128TokenIncrements() {
        String prefix = "p".repeat(4 * 1_300);

        assertThat(cache.use("m", call(prefix, false))).isEqualTo(PromptCache.Use.NONE);
        assertThat(cache.use("m", call(prefix, false))).isEqualTo(new PromptCache.Use(1_280, 0));
    }

    @Test
    void prefixShorterThan1024TokensIsNeverCached() {
        String prefix = "p".repeat(4 * 1_000);
        cache.use("m", call(prefix, false));

        assertThat(cache.use("m", call(prefix, false))).isEqualTo(PromptCache.Use.NONE);
    }

    @Test
    void cacheIsPerModel() {
        String prefix = "p".repeat(4 * 2_000);
        cache.use("a", call(prefix, false));

        assertThat(cache.use("b", call(prefix, false))).isEqualTo(PromptCache.Use.NONE);
    }

    @Test
    void explicitCacheWritesFirstAndReadsAfter() {
        String prefix = "p".repeat(4 * 1_100);

        assertThat(cache.use("m", call(prefix, true))).isEqualTo(new PromptCache.Use(0, 1_100));
        assertThat(cache.use("m", call(prefix, true))).isEqualTo(new PromptCache.Use(1_100, 0));
    }
}
