package io.tokencache.sample.greeting;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding of {@link ClientProperties}: bad settings stop the application with a message that
 * names the property.
 */
class ClientPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class)
		.withPropertyValues("sample.client.registration-id=demo-api", "sample.client.api-uri=/api",
				"sample.client.timeout=5s");

	@Test
	void validSettingsBind() {
		this.contextRunner.run((context) -> {
			ClientProperties properties = context.getBean(ClientProperties.class);
			assertThat(properties.registrationId()).isEqualTo("demo-api");
			assertThat(properties.apiUri()).hasPath("/api");
		});
	}

	@Test
	void blankRegistrationIdIsRejected() {
		this.contextRunner.withPropertyValues("sample.client.registration-id= ")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("sample.client.registration-id must not be blank"));
	}

	@Test
	void missingApiUriIsRejected() {
		new ApplicationContextRunner().withUserConfiguration(PropertiesConfiguration.class)
			.withPropertyValues("sample.client.registration-id=demo-api", "sample.client.timeout=5s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("sample.client.api-uri must be set"));
	}

	@Test
	void zeroTimeoutIsRejected() {
		this.contextRunner.withPropertyValues("sample.client.timeout=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("sample.client.timeout must be positive"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ClientProperties.class)
	static class PropertiesConfiguration {

	}

}
