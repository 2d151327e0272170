package dev.conveyor.api.auth;

import dev.conveyor.api.errors.InvalidRequest;
import dev.conveyor.api.errors.NotFound;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The admin API: tenants and their API keys. Needs the admin key. */
@RestController
@RequestMapping("/v1/admin/tenants")
class AdminController {

    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final TenantStore tenants;
    private final KeyStore keys;
    private final Clock clock;

    AdminController(TenantStore tenants, KeyStore keys, Clock clock) {
        this.tenants = tenants;
        this.keys = keys;
        this.clock = clock;
    }

    record NewTenant(String id, String name, Integer requestsPerMinute, Integer schedulingWeight) {}

    record TenantChange(String name, Integer requestsPerMinute, Integer schedulingWeight) {}

    record NewKey(String name) {}

    /** The one answer that carries the key; it cannot be shown again. */
    record IssuedKey(String id, String key, String tenantId, String name, Instant createdAt) {}

    @PostMapping
    ResponseEntity<TenantStore.Tenant> create(@RequestBody NewTenant body) {
        if (body.id() == null || !TENANT_ID.matcher(body.id()).matches()) {
            throw new InvalidRequest(
                    "/id", "id should be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        checkRate(body.requestsPerMinute());
        checkWeight(body.schedulingWeight());
        TenantStore.Tenant tenant = tenants.create(new TenantStore.Tenant(
                body.id(),
                body.name(),
                body.requestsPerMinute(),
                body.schedulingWeight() != null ? body.schedulingWeight() : 1,
                now()));
        return ResponseEntity.created(URI.create("/v1/admin/tenants/" + tenant.id()))
                .body(tenant);
    }

    @GetMapping
    List<TenantStore.Tenant> list() {
        return tenants.all();
    }

    @GetMapping("/{tenantId}")
    TenantStore.Tenant get(@PathVariable String tenantId) {
        return existing(tenantId);
    }

    /** Changes the name, the rate limit or the scheduling weight; absent fields stay as they are. */
    @PatchMapping("/{tenantId}")
    TenantStore.Tenant change(@PathVariable String tenantId, @RequestBody TenantChange body) {
        TenantStore.Tenant tenant = existing(tenantId);
        checkRate(body.requestsPerMinute());
        checkWeight(body.schedulingWeight());
        TenantStore.Tenant changed = new TenantStore.Tenant(
                tenant.id(),
                body.name() != null ? body.name() : tenant.name(),
                body.requestsPerMinute() != null ? body.requestsPerMinute() : tenant.requestsPerMinute(),
                body.schedulingWeight() != null ? body.schedulingWeight() : tenant.schedulingWeight(),
                tenant.createdAt());
        tenants.update(changed);
        return changed;
    }

    @PostMapping("/{tenantId}/keys")
    ResponseEntity<IssuedKey> issue(@PathVariable String tenantId, @RequestBody(required = false) NewKey body) {
        existing(tenantId);
        String name = body == null ? null : body.name();
        KeyMaterial.Issued key = KeyMaterial.issue();
        Instant now = now();
        keys.save(tenantId, name, key, now);
        return ResponseEntity.created(URI.create("/v1/admin/tenants/" + tenantId + "/keys/" + key.keyId()))
                .body(new IssuedKey(key.keyId(), key.key(), tenantId, name, now));
    }

    @GetMapping("/{tenantId}/keys")
    List<KeyStore.KeyView> keys(@PathVariable String tenantId) {
        existing(tenantId);
        return keys.of(tenantId);
    }

    /** Revokes a key at once; revoking it again changes nothing. */
    @DeleteMapping("/{tenantId}/keys/{keyId}")
    ResponseEntity<Void> revoke(@PathVariable String tenantId, @PathVariable String keyId) {
        if (!keys.revoke(tenantId, keyId, now())) {
            throw new NotFound("tenant '" + tenantId + "' has no key '" + keyId + "'");
        }
        return ResponseEntity.noContent().build();
    }

    private TenantStore.Tenant existing(String tenantId) {
        return tenants.find(tenantId).orElseThrow(() -> new NotFound("no tenant '" + tenantId + "'"));
    }

    private static void checkRate(Integer requestsPerMinute) {
        if (requestsPerMinute != null && requestsPerMinute < 0) {
            throw new InvalidRequest("/requests_per_minute", "requests_per_minute should be 0 (no limit) or more");
        }
    }

    private static void checkWeight(Integer weight) {
        if (weight != null && (weight < 1 || weight > 1000)) {
            throw new InvalidRequest("/scheduling_weight", "scheduling_weight should be from 1 to 1000");
        }
    }

    private Instant now() {
        return clock.instant();
    }
}
