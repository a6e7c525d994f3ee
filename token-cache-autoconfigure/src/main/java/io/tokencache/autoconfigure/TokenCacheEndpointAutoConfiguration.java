package io.tokencache.autoconfigure;

import io.tokencache.TokenCache;
import io.tokencache.actuate.TokenCacheEndpoint;
import io.tokencache.actuate.TokenCacheEndpointJmxExtension;
import io.tokencache.actuate.TokenCacheEndpointWebExtension;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for the {@link TokenCacheEndpoint}. The endpoint shows one cache: the only
 * {@link TokenCache} bean, or the primary one when there are several.
 */
@AutoConfiguration(after = TokenCacheAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnAvailableEndpoint(TokenCacheEndpoint.class)
public final class TokenCacheEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnSingleCandidate(TokenCache.class)
	TokenCacheEndpoint tokenCacheEndpoint(TokenCache tokenCache) {
		return new TokenCacheEndpoint(tokenCache);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(TokenCacheEndpoint.class)
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	TokenCacheEndpointWebExtension tokenCacheEndpointWebExtension(TokenCacheEndpoint tokenCacheEndpoint) {
		return new TokenCacheEndpointWebExtension(tokenCacheEndpoint);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(TokenCacheEndpoint.class)
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.JMX)
	TokenCacheEndpointJmxExtension tokenCacheEndpointJmxExtension(TokenCacheEndpoint tokenCacheEndpoint) {
		return new TokenCacheEndpointJmxExtension(tokenCacheEndpoint);
	}

}
