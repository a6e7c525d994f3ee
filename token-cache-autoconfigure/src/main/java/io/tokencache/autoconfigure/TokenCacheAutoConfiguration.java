package io.tokencache.autoconfigure;

import io.tokencache.TokenCache;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for {@link TokenCache}.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "token-cache.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TokenCacheProperties.class)
public final class TokenCacheAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TokenCache tokenCache(TokenCacheProperties properties) {
		return TokenCache.builder()
			.refreshBuffer(properties.getRefreshBuffer())
			.maximumSize(properties.getMaximumSize())
			.sweepInterval(properties.getSweepInterval())
			.build();
	}

}
