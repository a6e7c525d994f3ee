package io.tokencache.autoconfigure;

import java.time.Duration;

import io.tokencache.TokenCache;
import io.tokencache.actuate.TokenCacheEndpoint;
import io.tokencache.actuate.TokenCacheEndpoint.TokenCacheDescriptor;
import io.tokencache.actuate.TokenCacheEndpoint.TokenCachesDescriptor;
import io.tokencache.actuate.TokenCacheEndpointJmxExtension;
import io.tokencache.actuate.TokenCacheEndpointWebExtension;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenCacheEndpointAutoConfiguration}.
 */
class TokenCacheEndpointAutoConfigurationTests {

	// An application's environment converts "read-only" to Access.READ_ONLY; a bare runner's does not.
	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withInitializer((context) -> context.getEnvironment().setConversionService(new ApplicationConversionService()))
		.withConfiguration(AutoConfigurations.of(TokenCacheAutoConfiguration.class,
				TokenCacheEndpointAutoConfiguration.class));

	@Test
	void runWhenExposedOverWebShouldHaveEndpointAndWebExtension() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=tokencache")
			.run((context) -> assertThat(context).hasSingleBean(TokenCacheEndpoint.class)
				.hasSingleBean(TokenCacheEndpointWebExtension.class)
				.doesNotHaveBean(TokenCacheEndpointJmxExtension.class));
	}

	@Test
	void runWhenExposedOverJmxShouldHaveEndpointAndJmxExtension() {
		this.contextRunner
			.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=tokencache")
			.run((context) -> assertThat(context).hasSingleBean(TokenCacheEndpoint.class)
				.hasSingleBean(TokenCacheEndpointJmxExtension.class)
				.doesNotHaveBean(TokenCacheEndpointWebExtension.class));
	}

	@Test
	void runWhenNotExposedShouldNotHaveEndpoint() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(TokenCache.class)
			.doesNotHaveBean(TokenCacheEndpoint.class));
	}

	@Test
	void runWhenAccessIsReadOnlyShouldHaveEndpoint() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=tokencache",
					"management.endpoint.tokencache.access=read-only")
			.run((context) -> assertThat(context).hasSingleBean(TokenCacheEndpoint.class));
	}

	@Test
	void runWhenAccessIsNoneShouldNotHaveEndpoint() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=tokencache",
					"management.endpoint.tokencache.access=none")
			.run((context) -> assertThat(context).doesNotHaveBean(TokenCacheEndpoint.class));
	}

	@Test
	void runWithoutActuatorOnTheClasspathShouldNotHaveEndpoint() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.withPropertyValues("management.endpoints.web.exposure.include=tokencache")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(TokenCache.class)
				.doesNotHaveBean(TokenCacheEndpoint.class));
	}

	@Test
	void runWithoutTokenCacheShouldNotHaveEndpoint() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=tokencache", "token-cache.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TokenCache.class)
				.doesNotHaveBean(TokenCacheEndpoint.class));
	}

	@Test
	void runWithSeveralCachesShouldDefaultToThePrimaryOneAndReachEveryCacheByName() {
		this.contextRunner.withUserConfiguration(PrimaryCacheConfiguration.class)
			.withPropertyValues("management.endpoints.web.exposure.include=tokencache")
			.run((context) -> {
				context.getBean("primaryTokens", TokenCache.class).put("primary-key", "secret", Duration.ofHours(1));
				context.getBean("otherTokens", TokenCache.class).put("other-key", "secret", Duration.ofHours(1));
				TokenCacheEndpoint endpoint = context.getBean(TokenCacheEndpoint.class);
				assertThat(((TokenCacheDescriptor) endpoint.cache(null)).keys()).containsExactly("primary-key");
				assertThat(((TokenCacheDescriptor) endpoint.cache("otherTokens")).keys()).containsExactly("other-key");
			});
	}

	@Test
	void runWithSeveralCachesAndNoPrimaryShouldHaveEndpointOverEveryCache() {
		this.contextRunner.withUserConfiguration(TwoCachesConfiguration.class)
			.withPropertyValues("management.endpoints.web.exposure.include=tokencache")
			.run((context) -> {
				TokenCacheEndpoint endpoint = context.getBean(TokenCacheEndpoint.class);
				assertThat(((TokenCachesDescriptor) endpoint.cache(null)).caches()).containsOnlyKeys("primaryTokens",
						"otherTokens");
			});
	}

	@Test
	void runWithUserDefinedEndpointShouldBackOff() {
		this.contextRunner.withUserConfiguration(UserEndpointConfiguration.class)
			.withPropertyValues("management.endpoints.web.exposure.include=tokencache")
			.run((context) -> assertThat(context).hasSingleBean(TokenCacheEndpoint.class)
				.getBean(TokenCacheEndpoint.class)
				.isSameAs(context.getBean(UserEndpointConfiguration.class).endpoint));
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoCachesConfiguration {

		@Bean(destroyMethod = "close")
		TokenCache primaryTokens() {
			return TokenCache.builder().build();
		}

		@Bean(destroyMethod = "close")
		TokenCache otherTokens() {
			return TokenCache.builder().build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrimaryCacheConfiguration {

		@Bean(destroyMethod = "close")
		@Primary
		TokenCache primaryTokens() {
			return TokenCache.builder().build();
		}

		@Bean(destroyMethod = "close")
		TokenCache otherTokens() {
			return TokenCache.builder().build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpointConfiguration {

		final TokenCacheEndpoint endpoint = new TokenCacheEndpoint(TokenCache.builder().build());

		@Bean
		TokenCacheEndpoint userTokenCacheEndpoint() {
			return this.endpoint;
		}

	}

}
