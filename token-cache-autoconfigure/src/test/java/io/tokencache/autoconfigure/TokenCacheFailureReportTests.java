package io.tokencache.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Shows that Spring Boot finds {@link TokenCachePropertiesFailureAnalyzer} through
 * {@code META-INF/spring.factories} and prints its report, not Boot's generic one, when an
 * application starts with a bad {@code token-cache.*} value.
 */
@ExtendWith(OutputCaptureExtension.class)
class TokenCacheFailureReportTests {

	@Test
	void negativeRefreshBufferInApplicationYmlFailsStartUpWithTheReport(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--spring.config.name=invalid-token-cache"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value for configuration property 'token-cache.refresh-buffer':")
			.contains("Value: \"-5m\"")
			.contains("Origin: class path resource [invalid-token-cache.yml] - 2:19")
			.contains("Reason: token-cache.refresh-buffer must not be negative but was PT-5M")
			.contains("Action:")
			.contains("Set 'token-cache.refresh-buffer' to a duration of zero or more")
			.doesNotContain("Update your application's configuration");
	}

	@Test
	void unparsableSweepIntervalFailsStartUpWithTheReport(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--token-cache.sweep-interval=every minute"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Invalid value for configuration property 'token-cache.sweep-interval':")
			.contains("Value: \"every minute\"")
			.contains("Origin: \"token-cache.sweep-interval\" from property source \"commandLineArgs\"")
			.contains("Reason: cannot be read as a duration")
			.contains("Set 'token-cache.sweep-interval' to a duration of zero or more")
			.doesNotContain("Update your application's configuration");
	}

	private static void run(String... args) {
		SpringApplication application = new SpringApplication(TestConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.run(args);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(TokenCacheAutoConfiguration.class)
	static class TestConfiguration {

	}

}
