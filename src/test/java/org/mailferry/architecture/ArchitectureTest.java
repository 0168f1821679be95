package org.mailferry.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package rules ARCHITECTURE.md states, checked against the compiled main classes: no cycle
 * between packages, the command line on top of the run layer on top of the job, the archive formats and the IMAP protocol each in
 * their own package, and store kinds named only where stores are made.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.mailferry");

    /** The modified UTF-7 codec of mailbox names: a codec, not protocol. */
    private static final DescribedPredicate<JavaClass> MAILBOX_NAME_CODEC = DescribedPredicate.describe(
            "Angus's modified UTF-7 codec", c -> c.getName().startsWith("org.eclipse.angus.mail.imap.protocol.BASE64Mailbox"));

    @Test
    void packagesShouldBeFreeOfCycles() {
        slices().matching("org.mailferry.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void nothingShouldDependOnTheCommandLine() {
        noClasses().that().resideOutsideOfPackages("org.mailferry.cli..")
                .should().dependOnClassesThat().resideInAPackage("org.mailferry.cli..").check(MAIN);
    }

    @Test
    void theJobShouldNotKnowTheRunLayerAbove() {
        noClasses().that().resideInAnyPackage("org.mailferry.job..", "org.mailferry.store..", "org.mailferry.imap..",
                        "org.mailferry.maildir..", "org.mailferry.mbox..", "org.mailferry.archive..")
                .should().dependOnClassesThat().resideInAPackage("org.mailferry.run..").check(MAIN);
    }

    @Test
    void onlyTheCommandLineShouldKnowTheFleet() {
        noClasses().that().resideOutsideOfPackages("org.mailferry.cli..", "org.mailferry.fleet..")
                .should().dependOnClassesThat().resideInAPackage("org.mailferry.fleet..").check(MAIN);
    }

    @Test
    void theImapProtocolShouldStayInImapAndTheConnectionCheck() {
        noClasses().that().resideOutsideOfPackages("org.mailferry.imap..", "org.mailferry.check..")
                .and().doNotHaveSimpleName("StartupTraining") // names an Angus class only to find its jar
                .should().dependOnClassesThat(DescribedPredicate.and(
                        com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(
                                "org.eclipse.angus.mail.imap..", "org.eclipse.angus.mail.iap.."),
                        DescribedPredicate.not(MAILBOX_NAME_CODEC)))
                .check(MAIN);
    }

    @Test
    void mailTransportShouldStayInImapNotifyAndTheConnectionCheck() {
        noClasses().that().resideOutsideOfPackages("org.mailferry.imap..", "org.mailferry.notify..",
                        "org.mailferry.check..")
                .should().dependOnClassesThat().haveFullyQualifiedName("jakarta.mail.Store")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("jakarta.mail.Transport")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("jakarta.mail.Session")
                .check(MAIN);
    }

    @Test
    void archiveFormatsShouldKnowNeitherImapNorTheJob() {
        noClasses().that().resideInAnyPackage("org.mailferry.maildir..", "org.mailferry.mbox..", "org.mailferry.archive..",
                        "org.mailferry.store..")
                .should().dependOnClassesThat().resideInAnyPackage("org.mailferry.imap..", "org.mailferry.job..",
                        "org.mailferry.cli..")
                .check(MAIN);
    }

    @Test
    void theStoreModelShouldKnowNoConcreteStore() {
        noClasses().that().resideInAPackage("org.mailferry.store..")
                .should().dependOnClassesThat().resideInAnyPackage("org.mailferry.maildir..", "org.mailferry.mbox..",
                        "org.mailferry.imap..", "org.mailferry.archive..")
                .check(MAIN);
    }

    @Test
    void storesShouldBeMadeOnlyByTheStoreFactoryAndTheVerifier() {
        noClasses().that().resideOutsideOfPackages("org.mailferry.maildir..", "org.mailferry.mbox..",
                        "org.mailferry.imap..", "org.mailferry.verify..")
                .and().doNotHaveFullyQualifiedName("org.mailferry.run.StoreFactory")
                .should().callMethodWhere(DescribedPredicate.describe("MaildirStore.open or MboxStore.open",
                        call -> call.getName().equals("open") && isStore(call.getTargetOwner())))
                .orShould().callConstructorWhere(DescribedPredicate.describe("a store's constructor",
                        call -> isStore(call.getTargetOwner())))
                .check(MAIN);
    }

    private static boolean isStore(JavaClass c) {
        return c.isEquivalentTo(org.mailferry.imap.ImapStore.class) || c.isEquivalentTo(org.mailferry.maildir.MaildirStore.class)
                || c.isEquivalentTo(org.mailferry.mbox.MboxStore.class);
    }
}
