package io.tokencache.autoconfigure;

import io.tokencache.Ticker;
import io.tokencache.TokenCache;
import io.tokencache.TokenCacheBuilder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link AutoConfiguration Auto-configuration} for a {@link TokenCache} built from
 * {@link TokenCacheProperties}. It backs off when the context defines its own
 * {@code TokenCache}, and is off when {@code token-cache.enabled} is {@code false}.
 * <p>
 * If the context has a {@link Ticker} bean the cache reads time from it on every call instead
 * of from its coarse system clock, so that tests can drive expiry with a fake ticker. Then every
 * {@link TokenCacheBuilderCustomizer} bean is applied, in order, for anything else.
 * <p>
 * The cache is {@link AutoCloseable}, so Spring infers {@code close()} as its destroy method:
 * its {@code token-cache-N} thread stops when the context closes.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "token-cache.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TokenCacheProperties.class)
public final class TokenCacheAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TokenCache tokenCache(TokenCacheProperties properties, ObjectProvider<Ticker> ticker,
			ObjectProvider<TokenCacheBuilderCustomizer> customizers) {
		TokenCacheBuilder builder = TokenCache.builder()
			.refreshBuffer(properties.getRefreshBuffer())
			.maximumSize(properties.getMaximumSize())
			.sweepInterval(properties.getSweepInterval());
		ticker.ifAvailable(builder::ticker);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

}
