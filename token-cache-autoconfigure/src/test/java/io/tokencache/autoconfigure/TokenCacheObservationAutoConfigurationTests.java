package io.tokencache.autoconfigure;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.tokencache.AccessToken;
import io.tokencache.TokenCache;
import io.tokencache.micrometer.TokenLoadObservationContext;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions of {@link TokenCacheObservationAutoConfiguration}. The bridge's observations
 * against a real token endpoint are in {@code TokenLoadObservationIntegrationTests}.
 */
class TokenCacheObservationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TokenCacheAutoConfiguration.class, TokenCacheObservationAutoConfiguration.class));

	@Test
	void eachLoadOfTheApplicationsOwnKeysIsObservedWithRegistrationNone() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		this.runner.withBean(ObservationRegistry.class, () -> registry).run((context) -> {
			TokenCache cache = context.getBean(TokenCache.class);
			cache.get("user-42", (key) -> AccessToken.of("own-token", 3600));
			cache.get("user-42", (key) -> AccessToken.of("other", 3600));
			assertThat(registry).hasNumberOfObservationsWithNameEqualTo("token.cache.load", 1)
				.hasObservationWithNameEqualTo("token.cache.load")
				.that()
				.hasLowCardinalityKeyValue("cache", "tokenCache")
				.hasLowCardinalityKeyValue("registration", "none")
				.hasLowCardinalityKeyValue("result", "success")
				.doesNotHaveHighCardinalityKeyValueWithKey("key");
		});
	}

	@Test
	void bootsObservationRegistryIsUsed() {
		this.runner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(ObservationRegistry.class)
				.hasBean("tokenCacheObservationCustomizer"));
	}

	@Test
	void backsOffWithoutAnObservationRegistry() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(TokenCache.class)
			.doesNotHaveBean("tokenCacheObservationCustomizer"));
	}

	@Test
	void backsOffWithoutMicrometerObservation() {
		this.runner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
			.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean("tokenCacheObservationCustomizer"));
	}

	@Test
	void applicationsConventionReplacesTheDefault() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		this.runner.withBean(ObservationRegistry.class, () -> registry)
			.withUserConfiguration(ConventionConfiguration.class)
			.run((context) -> {
				context.getBean(TokenCache.class).get("k", (key) -> AccessToken.of("token", 3600));
				assertThat(registry).hasObservationWithNameEqualTo("my.token.load")
					.that()
					.hasLowCardinalityKeyValue("outcome", "success");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class ConventionConfiguration {

		@Bean
		ObservationConvention<TokenLoadObservationContext> myConvention() {
			return new ObservationConvention<>() {

				@Override
				public String getName() {
					return "my.token.load";
				}

				@Override
				public KeyValues getLowCardinalityKeyValues(TokenLoadObservationContext context) {
					return KeyValues.of("outcome", context.result());
				}

				@Override
				public boolean supportsContext(io.micrometer.observation.Observation.Context context) {
					return context instanceof TokenLoadObservationContext;
				}

			};
		}

	}

}
