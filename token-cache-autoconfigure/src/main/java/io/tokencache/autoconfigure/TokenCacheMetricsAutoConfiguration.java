package io.tokencache.autoconfigure;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.tokencache.TokenCache;
import io.tokencache.micrometer.TokenCacheMetrics;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.SimpleAutowireCandidateResolver;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for the Micrometer meters of every {@link TokenCache} bean, each tagged
 * {@code cache=<bean name>}.
 *
 * <p>It runs after the composite meter registry is configured, so that the
 * {@code MeterRegistry} condition sees the registries; Spring Boot then binds the
 * {@link MeterBinder} bean to each of them once all singletons exist.
 */
@AutoConfiguration(after = TokenCacheAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ TokenCache.class, MeterRegistry.class })
@ConditionalOnBooleanProperty(name = "token-cache.metrics.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TokenCacheMetricsProperties.class)
public final class TokenCacheMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TokenCacheMeterBinder tokenCacheMeterBinder(ConfigurableListableBeanFactory beanFactory) {
		return new TokenCacheMeterBinder(
				SimpleAutowireCandidateResolver.resolveAutowireCandidates(beanFactory, TokenCache.class, false, true));
	}

	/**
	 * Binds {@link TokenCacheMetrics} for each cache, named after its bean.
	 */
	static final class TokenCacheMeterBinder implements MeterBinder {

		private final Map<String, TokenCache> tokenCaches;

		TokenCacheMeterBinder(Map<String, TokenCache> tokenCaches) {
			this.tokenCaches = tokenCaches;
		}

		@Override
		public void bindTo(MeterRegistry registry) {
			this.tokenCaches
				.forEach((name, cache) -> new TokenCacheMetrics(cache, name, Tags.empty()).bindTo(registry));
		}

	}

}
