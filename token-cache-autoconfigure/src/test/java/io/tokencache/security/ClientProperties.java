package io.tokencache.security;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Registers {@code name=value} pairs as dynamic properties.
 */
final class ClientProperties {

	private ClientProperties() {
	}

	static void register(DynamicPropertyRegistry registry, String... properties) {
		for (String property : properties) {
			int equals = property.indexOf('=');
			registry.add(property.substring(0, equals), () -> property.substring(equals + 1));
		}
	}

}
