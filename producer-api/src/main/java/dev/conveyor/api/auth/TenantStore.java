package dev.conveyor.api.auth;

import dev.conveyor.api.errors.Conflict;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Tenants in {@code intake.tenants}. */
@Repository
class TenantStore {

    private final JdbcClient jdbc;

    TenantStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Tenant create(Tenant tenant) {
        try {
            jdbc.sql("""
                            INSERT INTO intake.tenants (tenant_id, name, requests_per_minute, scheduling_weight, created_at)
                            VALUES (:id, :name, :rpm, :weight, :createdAt)
                            """)
                    .param("weight", tenant.schedulingWeight())
                    .param("id", tenant.id())
                    .param("name", tenant.name())
                    .param("rpm", tenant.requestsPerMinute())
                    .param("createdAt", Timestamp.from(tenant.createdAt()))
                    .update();
            return tenant;
        } catch (DuplicateKeyException e) {
            throw new Conflict("tenant '" + tenant.id() + "' exists");
        }
    }

    Optional<Tenant> find(String id) {
        return jdbc.sql("SELECT * FROM intake.tenants WHERE tenant_id = :id")
                .param("id", id)
                .query(TenantStore::tenant)
                .optional();
    }

    List<Tenant> all() {
        return jdbc.sql("SELECT * FROM intake.tenants ORDER BY tenant_id")
                .query(TenantStore::tenant)
                .list();
    }

    void update(Tenant tenant) {
        jdbc.sql("UPDATE intake.tenants SET name = :name, requests_per_minute = :rpm, scheduling_weight = :weight"
                        + " WHERE tenant_id = :id")
                .param("weight", tenant.schedulingWeight())
                .param("id", tenant.id())
                .param("name", tenant.name())
                .param("rpm", tenant.requestsPerMinute())
                .update();
    }

    private static Tenant tenant(ResultSet rs, int row) throws SQLException {
        return new Tenant(
                rs.getString("tenant_id"),
                rs.getString("name"),
                (Integer) rs.getObject("requests_per_minute"),
                rs.getInt("scheduling_weight"),
                rs.getTimestamp("created_at").toInstant());
    }

    /** @param schedulingWeight the tenant's weight in the router's fair share of call slots (1 to 1000) */
    record Tenant(String id, String name, Integer requestsPerMinute, int schedulingWeight, Instant createdAt) {}
}
