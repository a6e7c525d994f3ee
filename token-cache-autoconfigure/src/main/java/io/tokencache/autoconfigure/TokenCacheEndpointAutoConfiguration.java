package io.tokencache.autoconfigure;

import java.util.Map;

import io.tokencache.TokenCache;
import io.tokencache.actuate.TokenCacheEndpoint;
import io.tokencache.actuate.TokenCacheEndpointJmxExtension;
import io.tokencache.actuate.TokenCacheEndpointWebExtension;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.SimpleAutowireCandidateResolver;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration for the {@link TokenCacheEndpoint}, over every {@link TokenCache} bean by
 * name, as Spring Boot's {@code CachesEndpointAutoConfiguration} does over every
 * {@code CacheManager}. The default cache, which operations without a {@code cache} parameter
 * act on, is the only {@code TokenCache} bean, or the primary one.
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
		@ConditionalOnBean(TokenCache.class)
		TokenCacheEndpoint tokenCacheEndpoint(ConfigurableListableBeanFactory beanFactory,
				ObjectProvider<TokenCache> tokenCache) {
			Map<String, TokenCache> tokenCaches = SimpleAutowireCandidateResolver.resolveAutowireCandidates(beanFactory,
					TokenCache.class);
			TokenCache unique = tokenCache.getIfUnique();
			String defaultCache = tokenCaches.entrySet()
				.stream()
				.filter((candidate) -> candidate.getValue() == unique)
				.map(Map.Entry::getKey)
				.findFirst()
				.orElse(null);
			return new TokenCacheEndpoint(tokenCaches, defaultCache);
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
