package dev.conveyor.router.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.RoutingDatabase;
import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The cache's PostgreSQL tier, read and written by many jobs at once; each test has fresh instances (no warm front). */
class ResponseCacheTest {

    private final RouterSettings.Cache settings =
            new RouterSettings.Cache(true, Duration.ofDays(7), Map.of("documentation", Duration.ofHours(1)), 10_000);

    @Test
    void entriesStoredConcurrentlyAreFoundByTheirTenantOnlyFromAnotherInstance() throws Exception {
        String run = UUID.randomUUID().toString();
        List<CompletionRequest> jobs = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            jobs.add(job("tenant-" + (i % 3), "code_analysis", run + " prompt " + i));
        }
        Clock clock = Clock.systemUTC();
        try (ResponseCache writer =
                        new ResponseCache(RoutingDatabase.jdbc(), clock, settings, new SimpleMeterRegistry());
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> stores = new ArrayList<>();
            for (CompletionRequest job : jobs) {
                stores.add(threads.submit(() -> writer.store(
                        job, "openai", "gpt-4.1-mini", new ResponseCache.Entry("answer " + job.getJobId(), "stop"))));
            }
            for (Future<?> store : stores) {
                store.get();
            }
        }
        try (ResponseCache reader =
                        new ResponseCache(RoutingDatabase.jdbc(), clock, settings, new SimpleMeterRegistry());
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Optional<ResponseCache.Entry>>> hits = new ArrayList<>();
            List<Future<Optional<ResponseCache.Entry>>> otherTenant = new ArrayList<>();
            for (CompletionRequest job : jobs) {
                hits.add(threads.submit(() -> reader.find(job, "openai", "gpt-4.1-mini")));
                CompletionRequest elsewhere = CompletionRequest.newBuilder(job)
                        .setTenantId("someone-else")
                        .build();
                otherTenant.add(threads.submit(() -> reader.find(elsewhere, "openai", "gpt-4.1-mini")));
            }
            for (int i = 0; i < jobs.size(); i++) {
                assertThat(hits.get(i).get())
                        .contains(
                                new ResponseCache.Entry("answer " + jobs.get(i).getJobId(), "stop"));
                assertThat(otherTenant.get(i).get()).isEmpty();
            }
            assertThat(reader.find(jobs.getFirst(), "openai", "gpt-4o-mini")).isEmpty();
        }
    }

    @Test
    void anEntryExpiresAfterItsTaskTypesTtl() {
        CompletionRequest job =
                job("tenant-ttl", "documentation", UUID.randomUUID().toString());
        Instant start = Instant.now();
        try (ResponseCache writer = new ResponseCache(
                RoutingDatabase.jdbc(), Clock.fixed(start, ZoneOffset.UTC), settings, new SimpleMeterRegistry())) {
            writer.store(job, "openai", "gpt-4o-mini", new ResponseCache.Entry("docs", "stop"));
        }
        try (ResponseCache early = new ResponseCache(
                RoutingDatabase.jdbc(),
                Clock.fixed(start.plus(Duration.ofMinutes(59)), ZoneOffset.UTC),
                settings,
                new SimpleMeterRegistry())) {
            assertThat(early.find(job, "openai", "gpt-4o-mini")).isPresent();
        }
        try (ResponseCache late = new ResponseCache(
                RoutingDatabase.jdbc(),
                Clock.fixed(start.plus(Duration.ofMinutes(61)), ZoneOffset.UTC),
                settings,
                new SimpleMeterRegistry())) {
            assertThat(late.find(job, "openai", "gpt-4o-mini")).isEmpty();
        }
    }

    private static CompletionRequest job(String tenant, String taskType, String prompt) {
        return CompletionRequest.newBuilder()
                .setJobId(UUID.randomUUID().toString())
                .setTenantId(tenant)
                .setTaskType(taskType)
                .setMessages(List.of(new ChatMessage("user", prompt)))
                .setMaxTokens(256)
                .build();
    }
}
