package dev.conveyor.router;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Features stay apart: each reaches another only through its small public surface. */
class ArchitectureTest {

    private static final JavaClasses ROUTER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.conveyor.router");

    @Test
    void theDispatchEngineKnowsNothingAboutJobsOrProviders() {
        noClasses()
                .that()
                .resideInAPackage("..dispatch.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.conveyor.schemas..",
                        "dev.conveyor.router.provider..",
                        "dev.conveyor.router.routing..",
                        "dev.conveyor.catalog..")
                .check(ROUTER);
    }

    @Test
    void providerAdaptersDoNotUseEachOther() {
        for (String adapter : new String[] {"openai", "anthropic", "gemini"}) {
            noClasses()
                    .that()
                    .resideInAPackage("..provider." + adapter + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(otherAdapters(adapter))
                    .check(ROUTER);
        }
    }

    @Test
    void routingProvidersAndCircuitsDoNotDependOnDispatch() {
        noClasses()
                .that()
                .resideInAnyPackage("..router.routing..", "..router.provider..", "..router.circuit..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..router.dispatch..")
                .check(ROUTER);
    }

    private static String[] otherAdapters(String adapter) {
        return java.util.stream.Stream.of("openai", "anthropic", "gemini")
                .filter(a -> !a.equals(adapter))
                .map(a -> "..provider." + a + "..")
                .toArray(String[]::new);
    }
}
