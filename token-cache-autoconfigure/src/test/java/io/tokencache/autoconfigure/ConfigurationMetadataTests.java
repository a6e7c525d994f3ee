package io.tokencache.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.tokencache.TokenCache;
import io.tokencache.TokenCacheBuilder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Reads the {@code META-INF/spring-configuration-metadata.json} that
 * {@code spring-boot-configuration-processor} generated for this module, to show that IDEs
 * get a description and a default for every {@code token-cache.*} property.
 */
class ConfigurationMetadataTests {

	private static final String SOURCE_TYPE = TokenCacheProperties.class.getName();

	@Test
	void everyPropertyHasItsDescriptionAndDefault() throws IOException {
		List<Map<String, Object>> properties = tokenCacheProperties();
		assertThat(properties).extracting((property) -> property.get("name"))
			.containsExactlyInAnyOrder("token-cache.enabled", "token-cache.refresh-buffer",
					"token-cache.maximum-size", "token-cache.sweep-interval");
		assertThat(properties).allSatisfy((property) -> assertThat((String) property.get("description"))
			.as("description of %s", property.get("name"))
			.isNotBlank()
			.doesNotStartWith("The ")
			.doesNotStartWith("A "));
		assertThat(properties).extracting((property) -> property.get("name"), (property) -> property.get("defaultValue"))
			.containsExactlyInAnyOrder(tuple("token-cache.enabled", true), tuple("token-cache.refresh-buffer", "5m"),
					tuple("token-cache.maximum-size", 10000), tuple("token-cache.sweep-interval", "1m"));
	}

	/**
	 * The metadata's defaults are written by hand, since the processor cannot read the core's
	 * constants; they must say what the constants are.
	 */
	@Test
	void defaultsInTheMetadataAreTheCoreConstants() throws IOException {
		Map<String, Object> defaults = new HashMap<>();
		tokenCacheProperties().forEach((property) -> defaults.put((String) property.get("name"),
				property.get("defaultValue")));
		assertThat(DurationStyle.detectAndParse((String) defaults.get("token-cache.refresh-buffer")))
			.isEqualTo(TokenCache.DEFAULT_REFRESH_BUFFER);
		assertThat(((Number) defaults.get("token-cache.maximum-size")).longValue())
			.isEqualTo(TokenCache.DEFAULT_MAXIMUM_SIZE);
		assertThat(DurationStyle.detectAndParse((String) defaults.get("token-cache.sweep-interval")))
			.isEqualTo(TokenCacheBuilder.DEFAULT_SWEEP_INTERVAL);
	}

	@Test
	void booleanDescriptionStartsWithWhether() throws IOException {
		assertThat(tokenCacheProperties()).filteredOn((property) -> "java.lang.Boolean".equals(property.get("type")))
			.isNotEmpty()
			.allSatisfy((property) -> assertThat((String) property.get("description")).startsWith("Whether "));
	}

	/** The properties whose source is TokenCacheProperties, from whichever jar or directory holds them. */
	private static List<Map<String, Object>> tokenCacheProperties() throws IOException {
		ClassLoader classLoader = ConfigurationMetadataTests.class.getClassLoader();
		for (URL url : Collections.list(classLoader.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream input = url.openStream()) {
				List<Map<String, Object>> properties = JsonPath.parse(input)
					.read("$.properties[?(@.sourceType == '" + SOURCE_TYPE + "')]");
				if (!properties.isEmpty()) {
					return properties;
				}
			}
		}
		throw new AssertionError("No configuration metadata for " + SOURCE_TYPE);
	}

}
