package dk.telemed.gateway;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The one direction of docs/architecture.md: a reading travels device → mqtt → ingest → rules →
 * store/alerts → api/http, and each package imports only the packages the reading has already
 * passed through, plus the foundation (model, config) below all. The root package (Gateway, Main,
 * PatientSide) is the composition root and may import everything; nothing imports it.
 */
@AnalyzeClasses(packages = "dk.telemed.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "dk.telemed.gateway";

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles =
            slices().matching(ROOT + ".(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule importsRunOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Foundation").definedBy(pkg("model"), pkg("config"), pkg("metrics"), pkg("tls"), pkg("health"),
                    pkg("leadership"))
            .layer("Device").definedBy(pkg("registry"))
            .layer("Mqtt").definedBy(pkg("mqtt"))
            .layer("Ingest").definedBy(pkg("ingest"))
            .layer("Rules").definedBy(pkg("rules"))
            .layer("StoreAlerts").definedBy(pkg("store"), pkg("alerts"), pkg("webhooks"),
                    pkg("questionnaire"), pkg("feedback"))
            .layer("ApiHttp").definedBy(pkg("api"), pkg("http"), pkg("auth"), pkg("audit"), pkg("fhir"))
            .whereLayer("ApiHttp").mayNotBeAccessedByAnyLayer()
            .whereLayer("StoreAlerts").mayOnlyBeAccessedByLayers("ApiHttp")
            .whereLayer("Rules").mayOnlyBeAccessedByLayers("StoreAlerts", "ApiHttp")
            .whereLayer("Ingest").mayOnlyBeAccessedByLayers("Rules", "StoreAlerts", "ApiHttp")
            .whereLayer("Mqtt").mayOnlyBeAccessedByLayers("Ingest", "Rules", "StoreAlerts", "ApiHttp")
            .whereLayer("Device").mayOnlyBeAccessedByLayers("Mqtt", "Ingest", "Rules", "StoreAlerts", "ApiHttp");

    @ArchTest
    static final ArchRule nothingImportsTheCompositionRoot = noClasses()
            .that().resideInAPackage(ROOT + ".(*)..")
            .should().dependOnClassesThat().resideInAPackage(ROOT);

    private static String pkg(String name) {
        return ROOT + "." + name + "..";
    }
}
