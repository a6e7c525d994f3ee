package io.tokencache.autoconfigure;

import io.tokencache.TokenCacheBuilder;

/**
 * Callback that customizes the {@link TokenCacheBuilder} of the auto-configured
 * {@link io.tokencache.TokenCache}, for settings the {@code token-cache.*} properties do not
 * cover (a {@link io.tokencache.StatsRecorder}, a wall clock), without replacing the bean. Every
 * customizer bean is applied, in {@link org.springframework.core.annotation.Order @Order}
 * order, after the properties and the {@code Ticker} bean, so a customizer has the last word.
 * A {@code TokenCache} bean the application defines itself is not customized.
 */
@FunctionalInterface
public interface TokenCacheBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder, with the properties already applied
	 */
	void customize(TokenCacheBuilder builder);

}
