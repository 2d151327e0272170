package dev.conveyor.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The module's public surface is the root package, as README.md documents it; the packages under it
 * (dialect, engine, content, fault, ledger, ratelimit, reports, server) are its internals, public only to
 * one another.
 */
class PublicApiTest {

    @Test
    void onlyTheDocumentedTypesArePublicInTheApiPackage() {
        var classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.conveyor.sim");

        var publicTypes = classes.stream()
                .filter(type -> type.getPackageName().equals("dev.conveyor.sim"))
                .filter(type -> type.getModifiers().contains(JavaModifier.PUBLIC))
                .filter(type -> !type.isNestedClass()
                        || type.getEnclosingClass().orElseThrow().getModifiers().contains(JavaModifier.PUBLIC))
                .map(JavaClass::getSimpleName)
                .toList();

        assertThat(publicTypes)
                .containsExactlyInAnyOrder(
                        "ProviderSimulator",
                        "ProviderSimulatorMain",
                        "SimulatorConfig",
                        "ModelSpec",
                        "LatencySpec",
                        "Kind",
                        "FaultSpec",
                        "RateLimitSpec",
                        "Outage",
                        "OutageMode",
                        "Provider",
                        "Protocol",
                        "LedgerEntry",
                        "LedgerTotals",
                        "ContentMode",
                        "BatchSpec");
    }

    @Test
    void nothingDependsOnSpring() {
        var classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.conveyor.sim");

        assertThat(classes.stream()
                        .flatMap(type -> type.getDirectDependenciesFromSelf().stream())
                        .map(dependency -> dependency.getTargetClass().getPackageName())
                        .filter(name -> name.startsWith("org.springframework")))
                .isEmpty();
    }
}
