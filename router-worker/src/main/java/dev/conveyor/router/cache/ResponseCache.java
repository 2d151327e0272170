package dev.conveyor.router.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.router.batching.Coalescer;
import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Exact-match response cache, scoped to the tenant: the key hashes the whole canonical request
 * (provider, model, system prompt, every message, max tokens, temperature). PostgreSQL holds the
 * entries for their TTL (per task type, default 7 days); an in-memory front saves the round trip
 * for hot entries (an entry enters it when it is first read back: batch work is mostly unique
 * prompts, which would only churn it), and the reads and writes of concurrent jobs are coalesced
 * into one statement per batch. A job opts out with {@code metadata.cache = "false"}.
 */
public class ResponseCache implements AutoCloseable {

    /** The most entries one statement reads or writes. */
    static final int MAX_BATCH = 500;

    /** Stores queued before a job storing one waits for the database like a lookup does. */
    static final int MAX_QUEUED_STORES = 10_000;

    private static final Logger log = LoggerFactory.getLogger(ResponseCache.class);

    /** Metadata key by which a job opts out of the cache. */
    public static final String OPT_OUT = "cache";

    public record Entry(String content, String finishReason) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final RouterSettings.Cache settings;
    private final Cache<Key, Entry> front;
    private final Coalescer<Key, Optional<Entry>> lookups;
    private final Coalescer<Stored, Boolean> stores;

    /** Where a request's answer is kept: the tenant and the hash of the canonical request. */
    public record Key(String tenant, String hash) {}

    private record Stored(Key key, Entry entry, Instant created, Instant expires) {}

    public ResponseCache(JdbcClient jdbc, Clock clock, RouterSettings.Cache settings, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
        this.front = Caffeine.newBuilder()
                .maximumSize(settings.memoryEntries())
                .expireAfterWrite(Duration.ofMinutes(10))
                .build();
        this.lookups = new Coalescer<>("cache-lookup", MAX_BATCH, 2, meters, this::findAll);
        this.stores = new Coalescer<>("cache-store", MAX_BATCH, 1, meters, this::storeAll);
    }

    public boolean appliesTo(CompletionRequest job) {
        return settings.enabled()
                && !"false".equalsIgnoreCase(job.getMetadata().get(OPT_OUT))
                && !ttl(job.getTaskType()).isZero();
    }

    /** The key of {@code job}'s request to {@code provider}/{@code model}: compute it once per call. */
    public Key keyOf(CompletionRequest job, String provider, String model) {
        return new Key(job.getTenantId(), key(job, provider, model));
    }

    public Optional<Entry> find(CompletionRequest job, String provider, String model) {
        return find(keyOf(job, provider, model));
    }

    public Optional<Entry> find(Key key) {
        Entry hot = front.getIfPresent(key);
        if (hot != null) {
            return Optional.of(hot);
        }
        Optional<Entry> stored = lookups.call(key);
        stored.ifPresent(e -> front.put(key, e));
        return stored;
    }

    public void store(CompletionRequest job, String provider, String model, Entry entry) {
        store(keyOf(job, provider, model), job.getTaskType(), entry);
    }

    /**
     * Queues the entry for the database without waiting for it (unless the queue is long); it lives
     * as long as {@code taskType}'s TTL.
     */
    public void store(Key key, String taskType, Entry entry) {
        Instant now = clock.instant();
        // The job does not wait for the write: a cache entry lost in a crash costs one call later.
        stores.submit(new Stored(key, entry, now, now.plus(ttl(taskType))), MAX_QUEUED_STORES)
                .whenComplete((stored, e) -> {
                    if (e != null) {
                        log.warn("Could not store a cache entry for tenant {}: {}", key.tenant(), e.toString());
                    }
                });
        // a replaced entry must not be answered from memory; a new one enters memory when first read
        front.invalidate(key);
    }

    /** Finishes the lookups and stores already asked for. */
    @Override
    public void close() {
        lookups.close();
        stores.close();
    }

    private List<Optional<Entry>> findAll(List<Key> keys) {
        Map<Key, Entry> found = new HashMap<>();
        jdbc.sql("""
                        SELECT c.tenant_id, c.cache_key, c.content, c.finish_reason
                        FROM routing.response_cache c
                        JOIN unnest(:tenants::text[], :keys::text[]) AS k (tenant_id, cache_key)
                          ON c.tenant_id = k.tenant_id AND c.cache_key = k.cache_key
                        WHERE c.expires_at > :now
                        """)
                .param("tenants", keys.stream().map(Key::tenant).toArray(String[]::new))
                .param("keys", keys.stream().map(Key::hash).toArray(String[]::new))
                .param("now", Timestamp.from(clock.instant()))
                .query(rs -> {
                    found.put(
                            new Key(rs.getString("tenant_id"), rs.getString("cache_key")),
                            new Entry(rs.getString("content"), rs.getString("finish_reason")));
                });
        return keys.stream().map(k -> Optional.ofNullable(found.get(k))).toList();
    }

    private List<Boolean> storeAll(List<Stored> entries) {
        // one row per key: an upsert may not touch the same row twice in one statement
        Map<Key, Stored> latest = new LinkedHashMap<>();
        entries.forEach(e -> latest.put(e.key(), e));
        int n = latest.size();
        String[] tenants = new String[n];
        String[] keys = new String[n];
        String[] contents = new String[n];
        String[] finishes = new String[n];
        Long[] created = new Long[n];
        Long[] expires = new Long[n];
        int i = 0;
        for (Stored row : latest.values()) {
            tenants[i] = row.key().tenant();
            keys[i] = row.key().hash();
            contents[i] = row.entry().content();
            finishes[i] = row.entry().finishReason();
            created[i] = row.created().toEpochMilli();
            expires[i] = row.expires().toEpochMilli();
            i++;
        }
        jdbc.sql("""
                        INSERT INTO routing.response_cache (tenant_id, cache_key, content, finish_reason, created_at, expires_at)
                        SELECT tenant_id, cache_key, content, finish_reason,
                               to_timestamp(created_ms / 1000.0), to_timestamp(expires_ms / 1000.0)
                        FROM unnest(:tenants::text[], :keys::text[], :contents::text[], :finishes::text[],
                                    :created::bigint[], :expires::bigint[])
                             AS r (tenant_id, cache_key, content, finish_reason, created_ms, expires_ms)
                        ON CONFLICT (tenant_id, cache_key) DO UPDATE SET content = EXCLUDED.content,
                            finish_reason = EXCLUDED.finish_reason, created_at = EXCLUDED.created_at,
                            expires_at = EXCLUDED.expires_at
                        """)
                .param("tenants", tenants)
                .param("keys", keys)
                .param("contents", contents)
                .param("finishes", finishes)
                .param("created", created)
                .param("expires", expires)
                .update();
        return Collections.nCopies(entries.size(), Boolean.TRUE);
    }

    private Duration ttl(String taskType) {
        return settings.ttlByTaskType().getOrDefault(taskType, settings.ttl());
    }

    /** SHA-256 over the canonical request; fields are length-prefixed so no two requests collide by concatenation. */
    static String key(CompletionRequest job, String provider, String model) {
        StringBuilder canonical = new StringBuilder();
        field(canonical, provider);
        field(canonical, model);
        field(canonical, job.getSystemPrompt());
        for (ChatMessage m : job.getMessages()) {
            field(canonical, m.getRole());
            field(canonical, m.getContent());
        }
        field(canonical, String.valueOf(job.getMaxTokens()));
        field(canonical, String.valueOf(job.getTemperature()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void field(StringBuilder out, String value) {
        String v = value == null ? "" : value;
        out.append(v.length()).append(':').append(v).append(';');
    }
}
