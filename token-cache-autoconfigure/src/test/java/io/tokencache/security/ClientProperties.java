package io.tokencache.security;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Registers {@code name=value} pairs, and the issuer's registrations, as dynamic properties.
 */
final class ClientProperties {

	private ClientProperties() {
	}

	/**
	 * Registers the issuer's two user-facing registrations: {@code exchange}, a token exchange
	 * client, and {@code login}, an authorization code client whose tokens are exchanged and
	 * refreshed.
	 */
	static void registerUserGrants(DynamicPropertyRegistry registry, AuthorizationServer issuer) {
		register(registry, issuer.registration("exchange", "exchanger", "urn:ietf:params:oauth:grant-type:token-exchange"));
		register(registry, issuer.registration("login", "login-client", "authorization_code"));
		registry.add("spring.security.oauth2.client.registration.login.redirect-uri", () -> "http://localhost/callback");
	}

	static void register(DynamicPropertyRegistry registry, String... properties) {
		for (String property : properties) {
			int equals = property.indexOf('=');
			registry.add(property.substring(0, equals), () -> property.substring(equals + 1));
		}
	}

}
