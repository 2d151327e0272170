package dev.conveyor.api.auth;

import dev.conveyor.api.ApiSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The admin API's bearer key, held only as its hash. */
@Component
class AdminKey {

    private static final Logger log = LoggerFactory.getLogger(AdminKey.class);

    private final byte[] hash;

    AdminKey(ApiSettings settings) {
        String key = settings.adminKey();
        if (key == null || key.isBlank()) {
            key = KeyMaterial.randomToken("cva_");
            log.warn("conveyor.api.admin-key (ADMIN_API_KEY) is not set: generated a random admin key for this"
                    + " process, which is not shown; set it to manage tenants and keys");
        }
        this.hash = KeyMaterial.sha256(key);
    }

    boolean matches(String token) {
        return KeyMaterial.sameHash(hash, KeyMaterial.sha256(token));
    }
}
