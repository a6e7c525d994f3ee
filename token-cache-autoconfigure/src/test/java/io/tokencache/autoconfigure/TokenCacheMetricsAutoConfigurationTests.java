package io.tokencache.autoconfigure;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tokencache.AccessToken;
import io.tokencache.TokenCache;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenCacheMetricsAutoConfiguration}.
 */
class TokenCacheMetricsAutoConfigurationTests {

	// Listed in reverse order: AutoConfigurations sorts them, so a wrong "after" name would leave
	// the metrics auto-configuration before any registry exists, and the tests would fail.
	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenCacheMetricsAutoConfiguration.class,
				TokenCacheAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, MetricsAutoConfiguration.class));

	@Test
	void runShouldBindMetersToTheAutoConfiguredCache() {
		this.contextRunner.run((context) -> {
			TokenCache tokenCache = context.getBean(TokenCache.class);
			tokenCache.put("billing", "secret", Duration.ofHours(1));
			tokenCache.get("billing");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("cache.size").tag("cache", "tokenCache").gauge().value()).isEqualTo(1);
			assertThat(registry.get("cache.gets").tags("cache", "tokenCache", "result", "hit").functionCounter())
				.extracting((counter) -> counter.count())
				.isEqualTo(1.0);
			assertThat(registry.get("cache.puts").tag("cache", "tokenCache").functionCounter().count()).isEqualTo(1);
			assertThat(registry.get("cache.evictions").tag("cache", "tokenCache").functionCounter().count()).isZero();
			assertThat(registry.get("token.cache.loads").tag("cache", "tokenCache").timers()).hasSize(2);
		});
	}

	@Test
	void runShouldTimeTheLoadsOfEveryCacheWhateverBuiltIt() {
		this.contextRunner.withUserConfiguration(TwoCachesConfiguration.class).run((context) -> {
			context.getBean("billingTokens", TokenCache.class).get("billing", (key) -> AccessToken.of("secret", 60));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("token.cache.loads").tags("cache", "billingTokens", "result", "success").timer()
				.count()).isOne();
			assertThat(registry.get("token.cache.loads").tags("cache", "crmTokens", "result", "success").timer()
				.count()).isZero();
		});
	}

	@Test
	void runShouldBindMetersToEveryCacheNamedAfterItsBean() {
		this.contextRunner.withUserConfiguration(TwoCachesConfiguration.class).run((context) -> {
			context.getBean("billingTokens", TokenCache.class).put("billing", "secret", Duration.ofHours(1));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("cache.size").gauges()).extracting((gauge) -> gauge.getId().getTag("cache"))
				.containsExactlyInAnyOrder("billingTokens", "crmTokens");
			assertThat(registry.get("cache.size").tag("cache", "billingTokens").gauge().value()).isEqualTo(1);
			assertThat(registry.get("cache.size").tag("cache", "crmTokens").gauge().value()).isZero();
		});
	}

	@Test
	void runWithoutMeterRegistryShouldNotBindMeters() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TokenCacheAutoConfiguration.class, TokenCacheMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(TokenCache.class)
				.doesNotHaveBean(MeterRegistry.class)
				.doesNotHaveBean(MeterBinder.class));
	}

	@Test
	void runWithoutMicrometerOnTheClasspathShouldNotBindMeters() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(TokenCache.class)
				.doesNotHaveBean(TokenCacheMetricsAutoConfiguration.class));
	}

	@Test
	void runWithoutTokenCacheShouldNotBindMeters() {
		this.contextRunner.withPropertyValues("token-cache.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(MeterRegistry.class)
				.doesNotHaveBean(TokenCacheMetricsAutoConfiguration.class));
	}

	@Test
	void runWhenDisabledShouldNotBindMeters() {
		this.contextRunner.withPropertyValues("token-cache.metrics.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(TokenCache.class)
				.doesNotHaveBean(TokenCacheMetricsAutoConfiguration.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("cache.size").meters()).isEmpty();
			assertThat(registry.find("token.cache.loads").meters()).isEmpty();
		});
	}

	@Test
	void runWhenExplicitlyEnabledShouldBindMeters() {
		this.contextRunner.withPropertyValues("token-cache.metrics.enabled=true")
			.run((context) -> assertThat(context.getBean(MeterRegistry.class).find("cache.size").meters()).hasSize(1));
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoCachesConfiguration {

		@Bean(destroyMethod = "close")
		TokenCache billingTokens() {
			return TokenCache.builder().build();
		}

		@Bean(destroyMethod = "close")
		TokenCache crmTokens() {
			return TokenCache.builder().build();
		}

	}

}
