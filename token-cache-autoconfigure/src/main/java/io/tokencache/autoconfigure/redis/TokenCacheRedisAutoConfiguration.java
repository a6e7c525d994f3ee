package io.tokencache.autoconfigure.redis;

import java.time.Clock;

import io.tokencache.TokenCache;
import io.tokencache.autoconfigure.TokenCacheAutoConfiguration;
import io.tokencache.autoconfigure.TokenCacheBuilderCustomizer;
import io.tokencache.redis.RedisTier;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@link AutoConfiguration Auto-configuration} of the Redis tier of {@code token-cache-redis}: with
 * {@code token-cache.redis.enabled=true}, the {@link TokenCache} that
 * {@link TokenCacheAutoConfiguration} builds shares its tokens, loads and invalidations with
 * every instance connected to the same Redis, through the connection Boot configures from
 * {@code spring.data.redis.*}.
 * <p>
 * The tier is a step of the auto-configured cache's load path, plugged in through the
 * builder, and of no other cache: a {@code TokenCache} bean of the application's own makes
 * {@code TokenCacheAutoConfiguration} back off, and with it the tier.
 */
@AutoConfiguration(after = TokenCacheAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ RedisTier.class, RedisConnectionFactory.class, StringRedisTemplate.class })
@ConditionalOnBooleanProperty("token-cache.redis.enabled")
@ConditionalOnBean(RedisConnectionFactory.class)
@EnableConfigurationProperties(TokenCacheRedisProperties.class)
public final class TokenCacheRedisAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RedisTier tokenCacheRedisTier(RedisConnectionFactory connectionFactory, TokenCacheRedisProperties properties,
			Environment environment) {
		if (!(connectionFactory instanceof ReactiveRedisConnectionFactory)) {
			throw RedisTierConfigurationException.notReactive(connectionFactory);
		}
		return new RedisTier(connectionFactory, properties.toSettings(environment), Clock.systemUTC());
	}

	/**
	 * Builds the auto-configured cache with the tier as a step of its load path. A
	 * {@code TokenCache} the application defines itself makes {@link TokenCacheAutoConfiguration}
	 * back off, and this customizer with it.
	 */
	@Bean
	TokenCacheBuilderCustomizer tokenCacheRedisTierCustomizer(RedisTier tier) {
		return (builder) -> builder.sharedTier(tier.sharedTier());
	}

	/** Nested, so that its classes are loaded only when Spring Boot's health module is present. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.AbstractHealthIndicator")
	static class HealthConfiguration {

		/**
		 * Nested once more, so that Spring reads the health condition only after the class
		 * condition above has matched: without the health module the condition class itself is
		 * missing, and parsing this class would fail.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnEnabledHealthIndicator("token-cache-redis")
		static class EnabledHealthConfiguration {

			@Bean
			@ConditionalOnMissingBean(name = "tokenCacheRedisHealthIndicator")
			TokenCacheRedisHealthIndicator tokenCacheRedisHealthIndicator(RedisTier tier) {
				return new TokenCacheRedisHealthIndicator(tier);
			}

		}

	}

	/** Nested, so that its classes are loaded only when Micrometer is present. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
	@ConditionalOnBooleanProperty(name = "token-cache.metrics.enabled", matchIfMissing = true)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TokenCacheRedisMetrics tokenCacheRedisMetrics(RedisTier tier) {
			return new TokenCacheRedisMetrics(tier);
		}

	}

}
