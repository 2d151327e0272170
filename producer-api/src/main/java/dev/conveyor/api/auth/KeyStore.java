package dev.conveyor.api.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** API keys in {@code intake.api_keys}: a salt and a hash per key, never the key. */
@Repository
class KeyStore {

    private final JdbcClient jdbc;

    KeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void save(String tenantId, String name, KeyMaterial.Issued key, Instant createdAt) {
        jdbc.sql("""
                        INSERT INTO intake.api_keys (key_id, tenant_id, name, salt, key_hash, created_at)
                        VALUES (:keyId, :tenantId, :name, :salt, :hash, :createdAt)
                        """)
                .param("keyId", key.keyId())
                .param("tenantId", tenantId)
                .param("name", name)
                .param("salt", key.salt())
                .param("hash", key.hash())
                .param("createdAt", Timestamp.from(createdAt))
                .update();
    }

    /** An unrevoked key with its tenant's settings. */
    Optional<ActiveKey> active(String keyId) {
        return jdbc.sql("""
                        SELECT k.tenant_id, k.salt, k.key_hash, t.requests_per_minute
                        FROM intake.api_keys k JOIN intake.tenants t ON t.tenant_id = k.tenant_id
                        WHERE k.key_id = :keyId AND k.revoked_at IS NULL
                        """)
                .param("keyId", keyId)
                .query((rs, row) ->
                        new ActiveKey(rs.getString("tenant_id"), rs.getBytes("salt"), rs.getBytes("key_hash"), (Integer)
                                rs.getObject("requests_per_minute")))
                .optional();
    }

    List<KeyView> of(String tenantId) {
        return jdbc.sql("SELECT * FROM intake.api_keys WHERE tenant_id = :tenantId ORDER BY created_at, key_id")
                .param("tenantId", tenantId)
                .query(KeyStore::view)
                .list();
    }

    /** True when the tenant has this key (revoked before or now). */
    boolean revoke(String tenantId, String keyId, Instant at) {
        int found = jdbc.sql("""
                        UPDATE intake.api_keys SET revoked_at = COALESCE(revoked_at, :at)
                        WHERE tenant_id = :tenantId AND key_id = :keyId
                        """)
                .param("tenantId", tenantId)
                .param("keyId", keyId)
                .param("at", Timestamp.from(at))
                .update();
        return found > 0;
    }

    private static KeyView view(ResultSet rs, int row) throws SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new KeyView(
                rs.getString("key_id"),
                KeyMaterial.PREFIX + rs.getString("key_id") + "_…",
                rs.getString("tenant_id"),
                rs.getString("name"),
                rs.getTimestamp("created_at").toInstant(),
                revoked == null ? null : revoked.toInstant());
    }

    record ActiveKey(String tenantId, byte[] salt, byte[] hash, Integer requestsPerMinute) {}

    /** A key as the admin API lists it: its id and prefix, never the secret. */
    record KeyView(String id, String prefix, String tenantId, String name, Instant createdAt, Instant revokedAt) {}
}
