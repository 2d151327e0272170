package dev.conveyor.router.dispatch;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Registered tenants, as producer-api keeps them in {@code intake.tenants} in the shared database.
 * A tenant once found is remembered for the life of the process (tenants are never deleted), so
 * each tenant costs one query per worker; an unknown one is asked about again each time, so a
 * tenant registered a moment ago is found.
 */
class KnownTenants implements Predicate<String> {

    private final JdbcClient jdbc;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    KnownTenants(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean test(String tenantId) {
        if (known.contains(tenantId)) {
            return true;
        }
        boolean exists = jdbc.sql("SELECT EXISTS (SELECT 1 FROM intake.tenants WHERE tenant_id = :tenantId)")
                .param("tenantId", tenantId)
                .query(Boolean.class)
                .single();
        if (exists) {
            known.add(tenantId);
        }
        return exists;
    }
}
