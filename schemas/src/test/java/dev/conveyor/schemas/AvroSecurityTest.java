package dev.conveyor.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;

class AvroSecurityTest {

    @Test
    void generatedClassesAreTrustedAndOthersAreNot() {
        AvroSerdes.trustGeneratedClasses();
        var trusted = ClassSecurityValidator.getGlobal();

        assertThat(trusted.isTrusted(ModelRef.class)).isTrue();
        assertThat(trusted.isTrusted(CompletionRequest.class)).isTrue();
        assertThat(trusted.isTrusted(java.lang.ProcessBuilder.class)).isFalse();
    }
}
