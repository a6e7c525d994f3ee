package io.tokencache.sample.greeting;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding of {@link ClientProperties}: bad settings stop the application with a message that
 * names the property.
 */
class ClientPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(GreetingConfiguration.class)
		.withPropertyValues("sample.client.cache-key=demo-api", "sample.client.token-uri=/token",
				"sample.client.client-id=id", "sample.client.client-secret=s3cr3t-value",
				"sample.client.authentication=client-secret-post", "sample.client.api-uri=/api",
				"sample.client.timeout=5s");

	@Test
	void validSettingsBind() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RestClient.class);
			ClientProperties properties = context.getBean(ClientProperties.class);
			assertThat(properties.authentication()).isEqualTo(ClientProperties.ClientAuthentication.CLIENT_SECRET_POST);
			assertThat(properties.scope()).isNull();
		});
	}

	@Test
	void blankClientIdIsRejected() {
		this.contextRunner.withPropertyValues("sample.client.client-id= ")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("sample.client.client-id must not be blank"));
	}

	@Test
	void missingTokenUriIsRejected() {
		new ApplicationContextRunner().withUserConfiguration(GreetingConfiguration.class)
			.withPropertyValues("sample.client.cache-key=demo-api", "sample.client.client-id=id",
					"sample.client.client-secret=s", "sample.client.authentication=client-secret-basic",
					"sample.client.api-uri=/api", "sample.client.timeout=5s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("sample.client.token-uri must be set"));
	}

	@Test
	void zeroTimeoutIsRejected() {
		this.contextRunner.withPropertyValues("sample.client.timeout=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("sample.client.timeout must be positive"));
	}

	@Test
	void unknownAuthenticationMethodNamesTheProperty() {
		this.contextRunner.withPropertyValues("sample.client.authentication=private-key-jwt")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'sample.client.authentication'"));
	}

	@Test
	void toStringHidesTheSecret() {
		this.contextRunner.run((context) -> assertThat(context.getBean(ClientProperties.class).toString())
			.contains("clientId=id")
			.doesNotContain("s3cr3t-value"));
	}

}
