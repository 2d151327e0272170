package dev.conveyor.router.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.conveyor.router.RouterSettings;
import dev.conveyor.schemas.ChatMessage;
import dev.conveyor.schemas.CompletionRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Exact-match response cache, scoped to the tenant: the key hashes the whole canonical request
 * (provider, model, system prompt, every message, max tokens, temperature). PostgreSQL holds the
 * entries for their TTL (per task type, default 7 days); an in-memory front saves the round trip
 * for hot entries. A job opts out with {@code metadata.cache = "false"}.
 */
public class ResponseCache {

    /** Metadata key by which a job opts out of the cache. */
    public static final String OPT_OUT = "cache";

    public record Entry(String content, String finishReason) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final RouterSettings.Cache settings;
    private final Cache<String, Entry> front;

    public ResponseCache(JdbcClient jdbc, Clock clock, RouterSettings.Cache settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
        this.front = Caffeine.newBuilder()
                .maximumSize(settings.memoryEntries())
                .expireAfterWrite(Duration.ofMinutes(10))
                .build();
    }

    public boolean appliesTo(CompletionRequest job) {
        return settings.enabled()
                && !"false".equalsIgnoreCase(job.getMetadata().get(OPT_OUT))
                && !ttl(job.getTaskType()).isZero();
    }

    public Optional<Entry> find(CompletionRequest job, String provider, String model) {
        String key = key(job, provider, model);
        Entry hot = front.getIfPresent(job.getTenantId() + ':' + key);
        if (hot != null) {
            return Optional.of(hot);
        }
        Optional<Entry> stored = jdbc.sql("""
                        SELECT content, finish_reason FROM routing.response_cache
                        WHERE tenant_id = :tenant AND cache_key = :key AND expires_at > :now
                        """)
                .param("tenant", job.getTenantId())
                .param("key", key)
                .param("now", Timestamp.from(clock.instant()))
                .query((rs, row) -> new Entry(rs.getString("content"), rs.getString("finish_reason")))
                .optional();
        stored.ifPresent(e -> front.put(job.getTenantId() + ':' + key, e));
        return stored;
    }

    public void store(CompletionRequest job, String provider, String model, Entry entry) {
        String key = key(job, provider, model);
        Instant now = clock.instant();
        jdbc.sql("""
                        INSERT INTO routing.response_cache (tenant_id, cache_key, content, finish_reason, created_at, expires_at)
                        VALUES (:tenant, :key, :content, :finish, :now, :expires)
                        ON CONFLICT (tenant_id, cache_key) DO UPDATE SET content = EXCLUDED.content,
                            finish_reason = EXCLUDED.finish_reason, created_at = EXCLUDED.created_at,
                            expires_at = EXCLUDED.expires_at
                        """)
                .param("tenant", job.getTenantId())
                .param("key", key)
                .param("content", entry.content())
                .param("finish", entry.finishReason())
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(now.plus(ttl(job.getTaskType()))))
                .update();
        front.put(job.getTenantId() + ':' + key, entry);
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
