package dev.conveyor.api.auth;

import dev.conveyor.api.errors.Forbidden;
import dev.conveyor.api.errors.Unauthenticated;
import java.util.Locale;
import org.springframework.stereotype.Component;

/** Turns an {@code Authorization} header into a caller, or refuses it without repeating the key. */
@Component
class Authenticator {

    private static final String BEARER = "bearer ";

    private final KeyStore keys;
    private final AdminKey adminKey;

    Authenticator(KeyStore keys, AdminKey adminKey) {
        this.keys = keys;
        this.adminKey = adminKey;
    }

    Caller tenant(String authorization) {
        String token = bearerToken(authorization);
        return verifiedTenantKey(token)
                .orElseThrow(() -> adminKey.matches(token)
                        ? new Forbidden(
                                "The admin key manages tenants and keys; call this endpoint with a tenant's API key")
                        : invalid());
    }

    void admin(String authorization) {
        String token = bearerToken(authorization);
        if (adminKey.matches(token)) {
            return;
        }
        if (verifiedTenantKey(token).isPresent()) {
            throw new Forbidden("This endpoint needs the admin key");
        }
        throw invalid();
    }

    private java.util.Optional<Caller> verifiedTenantKey(String token) {
        return KeyMaterial.parse(token)
                .flatMap(parsed -> keys.active(parsed.keyId())
                        .filter(k -> KeyMaterial.sameHash(k.hash(), KeyMaterial.hash(k.salt(), parsed.secret())))
                        .map(k -> new Caller(k.tenantId(), k.requestsPerMinute())));
    }

    private static String bearerToken(String authorization) {
        if (authorization == null
                || authorization.length() <= BEARER.length()
                || !authorization
                        .substring(0, BEARER.length())
                        .toLowerCase(Locale.ROOT)
                        .equals(BEARER)) {
            throw new Unauthenticated("Send an API key as 'Authorization: Bearer <key>'");
        }
        return authorization.substring(BEARER.length()).strip();
    }

    private static Unauthenticated invalid() {
        return new Unauthenticated("The API key is not valid (unknown, malformed or revoked)");
    }
}
