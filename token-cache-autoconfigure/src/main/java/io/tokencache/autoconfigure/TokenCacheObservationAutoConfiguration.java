package io.tokencache.autoconfigure;

import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.tokencache.TokenCache;
import io.tokencache.micrometer.ObservedTokenLoads;
import io.tokencache.micrometer.TokenLoadObservationContext;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link AutoConfiguration Auto-configuration} that makes each load of the auto-configured
 * {@link TokenCache} a Micrometer observation of Spring Boot's {@link ObservationRegistry}, so
 * that a tracer shows a token request as a span of the request that caused it.
 * <p>
 * It contributes a {@link TokenCacheBuilderCustomizer}, so it reaches the cache that
 * {@link TokenCacheAutoConfiguration} builds, named {@code tokenCache} as its meters are; a
 * cache the application builds itself can use {@link ObservedTokenLoads} directly. An
 * application's {@code ObservationConvention<TokenLoadObservationContext>} bean replaces the
 * default names and key values. Boot's
 * {@code management.observations.enable.token.cache.load=false} turns the observations off.
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
public final class TokenCacheObservationAutoConfiguration {

	/** Bean name of the cache {@link TokenCacheAutoConfiguration} builds. */
	static final String CACHE_NAME = "tokenCache";

	@Bean
	@ConditionalOnMissingBean(name = "tokenCacheObservationCustomizer")
	TokenCacheBuilderCustomizer tokenCacheObservationCustomizer(ObservationRegistry registry,
			ObjectProvider<ObservationConvention<TokenLoadObservationContext>> convention) {
		return (builder) -> builder
			.loadDecorator(new ObservedTokenLoads(registry, CACHE_NAME, convention.getIfUnique()));
	}

}
