package io.tokencache.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the generated {@code META-INF/spring-configuration-metadata.json}, to show that IDEs get
 * a description and a default for the {@code token-cache.oauth2-client} properties.
 */
class TokenCacheOAuth2ClientPropertiesMetadataTests {

	@Test
	void enabledHasItsDescriptionAndDefault() throws IOException {
		Map<String, Object> enabled = property("token-cache.oauth2-client.enabled");
		assertThat(enabled.get("type")).isEqualTo("java.lang.Boolean");
		assertThat(enabled.get("defaultValue")).isEqualTo(true);
		assertThat(enabled.get("sourceType")).isEqualTo(TokenCacheOAuth2ClientProperties.class.getName());
		assertThat((String) enabled.get("description")).startsWith("Whether to cache the tokens that Spring Security's OAuth2 client requests (client credentials, token exchange and JWT bearer)");
	}

	@Test
	void requestTimeoutHasItsDescriptionAndDefault() throws IOException {
		Map<String, Object> timeout = property("token-cache.oauth2-client.request-timeout");
		assertThat(timeout.get("type")).isEqualTo("java.time.Duration");
		assertThat(timeout.get("defaultValue")).isEqualTo("10s");
		assertThat((String) timeout.get("description")).startsWith("Timeout of each token request");
	}

	@Test
	void lifetimeAndRetryAfterPropertiesHaveTheirDescriptionsAndDefaults() throws IOException {
		assertThat(property("token-cache.oauth2-client.default-expires-in")).containsEntry("defaultValue", "5m")
			.containsEntry("type", "java.time.Duration");
		assertThat(property("token-cache.oauth2-client.max-expires-in")).containsEntry("defaultValue", "24h");
		assertThat(property("token-cache.oauth2-client.max-retry-after")).containsEntry("defaultValue", "5m");
		assertThat((String) property("token-cache.oauth2-client.secret-fingerprint-key").get("description"))
			.startsWith("Base64 key, of at least 16 bytes");
	}

	private static Map<String, Object> property(String name) throws IOException {
		ClassLoader classLoader = TokenCacheOAuth2ClientPropertiesMetadataTests.class.getClassLoader();
		for (URL url : Collections.list(classLoader.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream input = url.openStream()) {
				List<Map<String, Object>> properties = JsonPath.parse(input)
					.read("$.properties[?(@.name == '" + name + "')]");
				if (!properties.isEmpty()) {
					return properties.get(0);
				}
			}
		}
		throw new AssertionError("No configuration metadata for " + name);
	}

}
