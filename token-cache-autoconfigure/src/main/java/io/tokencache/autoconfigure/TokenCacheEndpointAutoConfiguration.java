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
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration for the {@link TokenCacheEndpoint}. The endpoint shows one cache: the only
 * {@link TokenCache} bean, or the primary one when there are several.
 */
@AutoConfiguration(after = TokenCacheAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
public final class TokenCacheEndpointAutoConfiguration {

	/**
	 * Nested so that Spring loads the endpoint condition only after the class condition above
	 * has matched: without actuator the condition class itself is missing, and an auto-configuration
	 * imported directly (as {@code @ImportAutoConfiguration} does) would fail to load it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAvailableEndpoint(TokenCacheEndpoint.class)
	static class EndpointConfiguration {

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

}
