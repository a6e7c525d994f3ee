package io.tokencache;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The core package {@code io.tokencache} (not its sub-packages, where Spring code lives) depends
 * on neither Spring nor Micrometer, so that it can be used without them.
 */
class CoreArchitectureTests {

	private static final JavaClasses mainClasses = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.tokencache");

	private static ArchRule noSpringOrMicrometerIn(String packageIdentifier) {
		return noClasses().that()
			.resideInAPackage(packageIdentifier)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "io.micrometer..");
	}

	@Test
	void corePackageDependsOnNoSpringOrMicrometerClass() {
		noSpringOrMicrometerIn("io.tokencache").check(mainClasses);
	}

	@Test
	void ruleSeesTheCoreClasses() {
		assertThat(mainClasses.stream().filter((javaClass) -> javaClass.getPackageName().equals("io.tokencache")))
			.extracting(JavaClass::getSimpleName)
			.contains("TokenCache", "DefaultTokenCache", "Entries", "TokenCacheBuilder");
	}

	@Test
	void sameRuleFailsOnTheSpringSubPackages() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> noSpringOrMicrometerIn("io.tokencache..").check(mainClasses))
			.withMessageContaining("org.springframework");
	}

}
