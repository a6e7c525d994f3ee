package io.tokencache.autoconfigure;

import io.tokencache.TokenCache;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Two {@link TokenCache} beans, neither primary, as an application with a cache per downstream
 * API declares them. Each is closed with its context. Public for the endpoint's tests in
 * {@code io.tokencache.actuate}.
 */
@Configuration(proxyBeanMethods = false)
public class TwoCachesConfiguration {

	@Bean
	TokenCache billingTokens() {
		return TokenCache.builder().build();
	}

	@Bean
	TokenCache crmTokens() {
		return TokenCache.builder().build();
	}

}
