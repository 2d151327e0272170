package dev.conveyor.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Feature packages (auth, intake, batch, jobs, templates, quota, ...) depend on each other without cycles. */
class ArchitectureTest {

    private static final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.conveyor.api");

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("dev.conveyor.api.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyTheBillingAndRouterClientsMakeHttpCalls() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.conveyor.api.billing..", "dev.conveyor.api.providers..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("org.springframework.web.client.RestClient")
                .check(classes);
    }

    @Test
    void onlyTheJobProducerTalksToKafka() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.conveyor.api.intake..", "dev.conveyor.api.config..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("org.springframework.kafka.core.KafkaTemplate")
                .check(classes);
    }
}
