package dev.conveyor.billing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Feature packages stay apart: the ledger knows nothing of budgets, usage queries or exports. */
@AnalyzeClasses(packages = "dev.conveyor.billing", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule featuresDoNotDependOnEachOtherInCycles =
            slices().matching("dev.conveyor.billing.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule ledgerDependsOnNoOtherFeature = noClasses()
            .that()
            .resideInAPackage("dev.conveyor.billing.ledger..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "dev.conveyor.billing.budget..", "dev.conveyor.billing.usage..", "dev.conveyor.billing.export..");

    @ArchTest
    static final ArchRule usageAndExportDoNotReachIntoBudgets = noClasses()
            .that()
            .resideInAnyPackage("dev.conveyor.billing.usage..", "dev.conveyor.billing.export..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.conveyor.billing.budget..");

    @ArchTest
    static final ArchRule noDoublesForMoney = noClasses()
            .that()
            .resideInAPackage("dev.conveyor.billing..")
            .should()
            .callMethod(java.math.BigDecimal.class, "doubleValue")
            .orShould()
            .callMethod(java.math.BigDecimal.class, "valueOf", double.class);
}
