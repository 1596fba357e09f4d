package dev.herald.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The direction of dependencies that ARCHITECTURE.md describes, checked on the compiled main classes: the domain
 * at the centre importing nothing of Herald's nor any library, the adapters around it, no package cycles, and each
 * library behind the one package that owns it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ArchitectureTest {
    private static final String ROOT = "dev.herald";
    /** The classes of store.jdbc that other packages may use: the entry points and their nested types. */
    private static final Set<String> STORE_SURFACE = Set.of("dev.herald.store.jdbc.Database",
            "dev.herald.store.jdbc.SqliteLibrary", "dev.herald.store.jdbc.transfer.Transfers",
            "dev.herald.store.jdbc.transfer.ExportSource");

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        assertThat(main.size()).as("main classes imported").isGreaterThan(50);
    }

    @Test
    void theDomainImportsNothingButTheJdk() {
        check(classes().that().resideInAPackage("dev.herald.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.herald.domain..", "java.."));
    }

    @Test
    void theApiTalksToTheDomainOnly() {
        check(noClasses().that().resideInAPackage("dev.herald.api..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.herald.store..", "dev.herald.cli..",
                        "dev.herald.config..", "dev.herald.delivery..", "dev.herald.metrics..")
                .orShould().dependOnClassesThat(rootPackage()));
    }

    @Test
    void metricsAndPemKnowNothingOfHerald() {
        check(classes().that().resideInAPackage("dev.herald.metrics..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.herald.metrics..", "java..",
                        "io.micrometer..", "io.prometheus.."));
        check(classes().that().resideInAPackage("dev.herald.pem..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.herald.pem..", "java.."));
    }

    @Test
    void theWireFormatKnowsNoHttpFramework() {
        check(noClasses().that().resideInAPackage("dev.herald.api.twilio..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..",
                        "jakarta.servlet..")
                .orShould().dependOnClassesThat().resideInAPackage("dev.herald.api"));
    }

    @Test
    void theStoreImplementsTheDomainAndKnowsNoOuterLayer() {
        check(noClasses().that().resideInAPackage("dev.herald.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.herald.api..", "dev.herald.cli..",
                        "dev.herald.config..", "dev.herald.delivery..")
                .orShould().dependOnClassesThat(rootPackage()));
    }

    @Test
    void onlyTheEntryPointsOfStoreJdbcAreUsedOutsideIt() {
        check(noClasses().that().resideOutsideOfPackage("dev.herald.store.jdbc..")
                .should().dependOnClassesThat(resideInAPackage("dev.herald.store.jdbc..")
                        .and(not(storeSurface()))));
    }

    @Test
    void theDeliveryEngineKnowsNoOuterLayer() {
        check(noClasses().that().resideInAPackage("dev.herald.delivery..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.herald.api..", "dev.herald.store..",
                        "dev.herald.cli..", "dev.herald.config..")
                .allowEmptyShould(true));
    }

    @Test
    void eachLibraryStaysBehindItsPackage() {
        check(noClasses().that().resideOutsideOfPackage("dev.herald.api")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..",
                        "jakarta.servlet.."));
        check(noClasses().that().resideOutsideOfPackage("dev.herald.store.jdbc..")
                .should().dependOnClassesThat().resideInAnyPackage("org.jdbi..", "com.zaxxer..", "org.sqlite..",
                        "org.postgresql..", "org.flywaydb..", "java.sql.."));
        check(noClasses().that().resideOutsideOfPackage("dev.herald.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("picocli..", "ch.qos.logback.."));
        check(noClasses().that().resideOutsideOfPackage("dev.herald.metrics..")
                .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.prometheus.."));
        check(noClasses().that().resideOutsideOfPackages("dev.herald.delivery.apns..", "dev.herald.delivery.fcm..",
                        "dev.herald.delivery.sms..", "dev.herald.delivery.http..")
                .should().dependOnClassesThat().resideInAnyPackage("com.eatthepath..", "com.google..", "io.netty.."));
        // delivery.http, the HTTP/1.1 client that sms and the callbacks share, may use Netty but no provider library
        check(noClasses().that().resideInAPackage("dev.herald.delivery.http..")
                .should().dependOnClassesThat().resideInAnyPackage("com.eatthepath..", "com.google.."));
    }

    @Test
    void noPackageCycles() {
        check(slices().matching("dev.herald.(**)").should().beFreeOfCycles());
        // the root package (Herald, the wiring) is used by cli only, and uses no cli class
        check(noClasses().that(rootPackage()).should().dependOnClassesThat().resideInAPackage("dev.herald.cli.."));
    }

    private static void check(ArchRule rule) {
        rule.check(main);
    }

    private static DescribedPredicate<JavaClass> rootPackage() {
        return resideInAPackage(ROOT).as("in the root package " + ROOT);
    }

    private static DescribedPredicate<JavaClass> storeSurface() {
        return DescribedPredicate.describe("an entry point of store.jdbc " + STORE_SURFACE,
                c -> STORE_SURFACE.contains(outermost(c).getName()));
    }

    private static JavaClass outermost(JavaClass c) {
        JavaClass outer = c;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer;
    }
}
