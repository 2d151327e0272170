package dev.conveyor.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conveyor.catalog.Protocol;
import dev.conveyor.catalog.Strategy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RouterSettingsTest {

    private static RouterSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("conveyor.router", RouterSettings.class);
    }

    private static Throwable rootOf(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Test
    void theDefaultsBindWithoutAnyKey() {
        RouterSettings settings = bind(Map.of());
        assertThat(settings.inFlightCap()).isEqualTo(2000);
        assertThat(settings.effectiveJobsInFlight()).isEqualTo(4000);
        assertThat(settings.rateLimits().onLimit()).isEqualTo(RouterSettings.OnLimit.WAIT);
        assertThat(settings.retention().completions()).isEqualTo(Duration.ofDays(8));
        assertThat(settings.retention().enabled()).isTrue();
        assertThat(settings.budget()).isEqualTo(RouterSettings.Budget.DEFAULT);
        assertThat(settings.deferral()).isEqualTo(RouterSettings.Deferral.DEFAULT);
        assertThat(settings.telemetry()).isEqualTo(RouterSettings.Telemetry.DEFAULT);
    }

    @Test
    void enumsBindFromTheirRelaxedNames() {
        RouterSettings settings = bind(Map.of(
                "conveyor.router.providers.claude.kind", "anthropic",
                "conveyor.router.providers.claude.base-url", "https://api.anthropic.com",
                "conveyor.router.routes.code_analysis.strategy", "local-first",
                "conveyor.router.routes.code_analysis.chain", "LOCAL_ONLY",
                "conveyor.router.routes.documentation.strategy", "capability-match",
                "conveyor.router.routes.documentation.models[0]", "openai/gpt-6-luna",
                "conveyor.router.rate-limits.on-limit", "spill",
                "conveyor.router.rate-limits.providers.openai.charge-output", "reported"));
        assertThat(settings.providers().get("claude").kind()).isEqualTo(Protocol.ANTHROPIC);
        assertThat(settings.routes().get("code_analysis").strategy()).isEqualTo(Strategy.LOCAL_FIRST);
        assertThat(settings.routes().get("documentation").strategy()).isEqualTo(Strategy.CAPABILITY_MATCH);
        assertThat(settings.rateLimits().onLimit()).isEqualTo(RouterSettings.OnLimit.SPILL);
        assertThat(settings.rateLimits().providers().get("openai").chargeOutput())
                .isEqualTo(RouterSettings.ChargeOutput.REPORTED);
    }

    @Test
    void aReplyTopicMayNotBeBlankOrOneOfTheRoutersOwnTopics() {
        assertThat(bind(Map.of("conveyor.router.topics.reply-topics[0]", "team-a.results"))
                        .topics()
                        .replyTopics())
                .containsExactly("team-a.results");
        for (String own :
                new String[] {"llm.requests", "llm.usage", "llm.requests.dlt", "llm.requests.interactive", " "}) {
            assertThatThrownBy(() -> bind(Map.of("conveyor.router.topics.reply-topics[0]", own)))
                    .as(own)
                    .satisfies(e -> assertThat(rootOf(e)).hasMessageContaining("conveyor.router.topics.reply-topics"));
        }
    }

    @Test
    void aBatchApiIsForOpenAiAndAnthropicProtocolsOnly() {
        assertThat(bind(Map.of("conveyor.router.providers.openai.batch-api", "true"))
                        .providers()
                        .get("openai")
                        .batchApi())
                .isTrue();
        assertThatThrownBy(() -> bind(Map.of(
                        "conveyor.router.providers.google.kind", "gemini",
                        "conveyor.router.providers.google.batch-api", "true")))
                .satisfies(e -> assertThat(rootOf(e)).hasMessageContaining("batch-api"));
    }

    @Test
    void anUnknownEnumValueFailsNamingTheKey() {
        assertThatThrownBy(() -> bind(Map.of("conveyor.router.rate-limits.on-limit", "queue")))
                .isInstanceOf(BindException.class)
                .hasMessageContaining("conveyor.router.rate-limits.on-limit");
        assertThatThrownBy(() -> bind(Map.of("conveyor.router.providers.x.kind", "cohere")))
                .isInstanceOf(BindException.class)
                .hasMessageContaining("conveyor.router.providers.x.kind");
    }

    @Test
    void badValuesFailWhereTheyAreBoundNamingTheKey() {
        Map<Map<String, String>, String> bad = Map.of(
                Map.of("conveyor.router.jobs-in-flight", "1000"),
                        "conveyor.router.jobs-in-flight should be 0 (twice the cap) or at least"
                                + " conveyor.router.in-flight-cap 2000 (was 1000)",
                Map.of("conveyor.router.in-flight-cap", "0"), "conveyor.router.in-flight-cap should be greater than 0",
                Map.of("conveyor.router.retry.max-attempts", "0"),
                        "conveyor.router.retry.max-attempts should be greater than 0",
                Map.of("conveyor.router.circuit.minimum-calls", "30"),
                        "conveyor.router.circuit.minimum-calls should be between 1 and"
                                + " conveyor.router.circuit.sliding-window-size (20), was 30",
                Map.of("conveyor.router.rate-limits.chunk", "2"),
                        "conveyor.router.rate-limits.chunk should be a share of the limit above 0 and at most 1",
                Map.of("conveyor.router.cache.ttl", "0s"),
                        "conveyor.router.cache.ttl should be a positive duration such as 7d",
                Map.of("conveyor.router.topics.partitions", "0"),
                        "conveyor.router.topics.partitions should be greater than 0",
                Map.of("conveyor.router.routes.docs.strategy", "cost"),
                        "conveyor.router.routes.docs should name a chain or list at least one provider/model",
                Map.of("conveyor.router.providers.vllm.base-url", "localhost:8000"),
                        "conveyor.router.providers.vllm.base-url should be an http(s) URL, was 'localhost:8000'",
                Map.of("conveyor.router.providers.anthropic.prompt-cache-min-tokens", "-1"),
                        "conveyor.router.providers.anthropic.prompt-cache-min-tokens should be 0 (no cache"
                                + " breakpoints) or more, was -1");
        bad.forEach((properties, message) -> assertThatThrownBy(() -> bind(properties))
                .satisfies(e -> assertThat(rootOf(e)).hasMessage(message)));
        assertThatThrownBy(() -> bind(Map.of("conveyor.router.retention.batch-size", "0")))
                .satisfies(e -> assertThat(rootOf(e))
                        .hasMessage("conveyor.router.retention.batch-size should be greater than 0"));
        Map<String, String> budgetDeferralTelemetry = Map.of(
                "conveyor.router.budget.retry-interval", "0s",
                "conveyor.router.deferral.lease", "1s",
                "conveyor.router.deferral.max-queued-requests.openai", "0",
                "conveyor.router.telemetry.lag-interval", "0s");
        budgetDeferralTelemetry.forEach((key, value) -> assertThatThrownBy(() -> bind(Map.of(key, value)))
                .satisfies(e -> assertThat(rootOf(e)).hasMessageStartingWith(key + " should")));
    }

    @Test
    void promptCacheBreakpointsStartAtAnthropicsMinimumUnlessSetOtherwise() {
        RouterSettings settings = bind(Map.of(
                "conveyor.router.providers.claude.kind", "anthropic",
                "conveyor.router.providers.haiku.kind", "anthropic",
                "conveyor.router.providers.haiku.prompt-cache-min-tokens", "4096",
                "conveyor.router.providers.off.prompt-cache-min-tokens", "0"));
        assertThat(settings.providers().get("claude").promptCacheMinTokens()).isEqualTo(1024);
        assertThat(settings.providers().get("haiku").promptCacheMinTokens()).isEqualTo(4096);
        assertThat(settings.providers().get("off").promptCacheMinTokens()).isZero();
        assertThat(new RouterSettings.Provider("anthropic", "https://api.anthropic.com", null, null, null, "k", false)
                        .promptCacheMinTokens())
                .isEqualTo(RouterSettings.Provider.DEFAULT_PROMPT_CACHE_MIN_TOKENS);
    }

    @Test
    void anExplicitJobsInFlightAtLeastTheCallCapIsKept() {
        assertThat(bind(Map.of("conveyor.router.jobs-in-flight", "2100")).effectiveJobsInFlight())
                .isEqualTo(2100);
        assertThat(bind(Map.of("conveyor.router.in-flight-cap", "2")).effectiveJobsInFlight())
                .isEqualTo(4);
        assertThat(new RouterSettings.Circuit(3, Duration.ofMinutes(5)).probeInterval())
                .isEqualTo(Duration.ofSeconds(60));
    }
}
