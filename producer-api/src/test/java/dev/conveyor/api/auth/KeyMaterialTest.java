package dev.conveyor.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyMaterialTest {

    @Test
    void anIssuedKeyParsesBackToItsIdAndItsSecretMatchesTheStoredHash() {
        KeyMaterial.Issued issued = KeyMaterial.issue();

        KeyMaterial.Parsed parsed = KeyMaterial.parse(issued.key()).orElseThrow();

        assertThat(issued.key()).startsWith("cvk_" + issued.keyId() + "_");
        assertThat(parsed.keyId()).isEqualTo(issued.keyId());
        assertThat(KeyMaterial.sameHash(issued.hash(), KeyMaterial.hash(issued.salt(), parsed.secret())))
                .isTrue();
        assertThat(KeyMaterial.sameHash(issued.hash(), KeyMaterial.hash(issued.salt(), parsed.secret() + "x")))
                .isFalse();
    }

    @Test
    void twoKeysDifferInIdSecretAndSalt() {
        KeyMaterial.Issued a = KeyMaterial.issue();
        KeyMaterial.Issued b = KeyMaterial.issue();

        assertThat(a.keyId()).isNotEqualTo(b.keyId());
        assertThat(a.key()).isNotEqualTo(b.key());
        assertThat(a.salt()).isNotEqualTo(b.salt());
    }

    @Test
    void malformedTokensDoNotParse() {
        assertThat(KeyMaterial.parse("cvk_short_secret")).isEmpty();
        assertThat(KeyMaterial.parse("")).isEmpty();
        assertThat(KeyMaterial.parse("cvk_0123456789ABCDEF_" + "a".repeat(43))).isEmpty();
    }
}
