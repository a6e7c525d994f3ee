package io.tokencache.sample.demo;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding of {@link DemoProperties} through {@link DemoConfiguration}.
 */
class DemoPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(DemoConfiguration.class)
		.withPropertyValues("sample.demo.client-id=id", "sample.demo.client-secret=secret");

	@Test
	void bareNumberOfExpiresInMeansSeconds() {
		this.contextRunner.withPropertyValues("sample.demo.expires-in=90")
			.run((context) -> assertThat(context.getBean(DemoProperties.class).expiresIn())
				.isEqualTo(Duration.ofSeconds(90)));
	}

	@Test
	void expiresInUnderOneSecondIsRejected() {
		this.contextRunner.withPropertyValues("sample.demo.expires-in=500ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("sample.demo.expires-in must be at least 1 second"));
	}

	@Test
	void demoCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("sample.demo.enabled=false", "sample.demo.expires-in=60")
			.run((context) -> assertThat(context).doesNotHaveBean(IssuedTokens.class));
	}

}
