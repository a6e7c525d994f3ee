package io.tokencache.actuate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.tokencache.AccessToken;
import io.tokencache.TokenCache;
import io.tokencache.TokenLoadException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every operation of the {@code tokencache} endpoint over real HTTP: each subclass starts a real
 * server of one web stack.
 */
abstract class AbstractTokenCacheEndpointWebIntegrationTests {

	static final Duration HOUR = Duration.ofHours(1);

	@Autowired
	TokenCache tokenCache;

	@LocalServerPort
	private int port;

	ActuatorHttp http;

	@BeforeEach
	void setUp() {
		this.tokenCache.clear();
		this.http = new ActuatorHttp(this.port);
	}

	@Test
	void getShouldDescribeTheWholeCache() {
		this.tokenCache.put("crm", "token-crm", HOUR);
		this.tokenCache.get("billing", (key) -> AccessToken.of("token-billing", 3600));
		this.tokenCache.get("crm");
		assertThatExceptionOfType(TokenLoadException.class)
			.isThrownBy(() -> this.tokenCache.get("broken", (key) -> null));
		HttpResponse<String> response = this.http.get("/tokencache");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/vnd.spring-boot.actuator.v3+json"));
		String json = response.body();
		assertThat((int) JsonPath.read(json, "$.size")).isEqualTo(2);
		assertThat((List<String>) JsonPath.read(json, "$.keys")).containsExactly("billing", "crm");
		assertThat((String) JsonPath.read(json, "$.refreshBuffer")).isEqualTo("PT5M");
		assertThat((String) JsonPath.read(json, "$.refreshAhead")).isEqualTo("PT1M");
		assertThat((String) JsonPath.read(json, "$.loadTimeout")).isEqualTo("PT5S");
		assertThat((List<String>) JsonPath.read(json, "$.entries[*].key")).containsExactly("billing", "crm");
		assertThat(Instant.parse(JsonPath.read(json, "$.entries[0].refreshAt"))).isAfter(Instant.now());
		assertThat(Instant.parse(JsonPath.read(json, "$.entries[0].expiresAt"))).isAfter(Instant.now());
		assertThat(json).doesNotContain("token-crm", "token-billing");
	}

	@Test
	void getShouldCountOperationsSinceTheCacheWasBuilt() {
		Map<String, Object> before = JsonPath.read(this.http.get("/tokencache").body(), "$");
		this.tokenCache.put("crm", "token-crm", HOUR);
		this.tokenCache.get("crm");
		this.tokenCache.get("crm");
		this.tokenCache.get("absent");
		this.tokenCache.get("billing", (key) -> AccessToken.of("token-billing", 3600));
		assertThatExceptionOfType(TokenLoadException.class)
			.isThrownBy(() -> this.tokenCache.get("broken", (key) -> null));
		Map<String, Object> after = JsonPath.read(this.http.get("/tokencache").body(), "$");
		assertThat(increase(before, after, "hits")).isEqualTo(2);
		assertThat(increase(before, after, "misses")).isEqualTo(3);
		assertThat(increase(before, after, "loadSuccesses")).isEqualTo(1);
		assertThat(increase(before, after, "loadFailures")).isEqualTo(1);
		assertThat(increase(before, after, "puts")).isEqualTo(2);
		assertThat(increase(before, after, "evictions")).isZero();
		assertThat(increase(before, after, "refreshes")).isZero();
		assertThat(increase(before, after, "loadTimeouts")).isZero();
		assertThat(increase(before, after, "backoffs")).isZero();
	}

	@Test
	void getKeyShouldDescribeTheEntry() {
		this.tokenCache.put("billing", "token-billing", HOUR);
		HttpResponse<String> response = this.http.get("/tokencache/billing");
		assertThat(response.statusCode()).isEqualTo(200);
		String json = response.body();
		assertThat((String) JsonPath.read(json, "$.key")).isEqualTo("billing");
		Instant refreshAt = Instant.parse(JsonPath.read(json, "$.refreshAt"));
		Instant expiresAt = Instant.parse(JsonPath.read(json, "$.expiresAt"));
		assertThat(Duration.between(refreshAt, expiresAt)).isEqualTo(TokenCache.DEFAULT_REFRESH_BUFFER);
		assertThat(Duration.between(Instant.now(), expiresAt)).isBetween(Duration.ofMinutes(59), HOUR);
		assertThat(json).doesNotContain("token-billing");
	}

	@Test
	void getAbsentKeyShouldReturn404() {
		assertThat(this.http.get("/tokencache/absent").statusCode()).isEqualTo(404);
	}

	@Test
	void deleteKeyShouldInvalidateItAndReturn204() {
		this.tokenCache.put("billing", "token-billing", HOUR);
		this.tokenCache.put("crm", "token-crm", HOUR);
		HttpResponse<String> response = this.http.delete("/tokencache/billing");
		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(response.body()).isEmpty();
		assertThat(this.tokenCache.get("billing")).isEmpty();
		assertThat(this.tokenCache.get("crm")).contains("token-crm");
	}

	@Test
	void deleteAbsentKeyShouldReturn404() {
		this.tokenCache.put("crm", "token-crm", HOUR);
		assertThat(this.http.delete("/tokencache/absent").statusCode()).isEqualTo(404);
		assertThat(this.tokenCache.get("crm")).contains("token-crm");
	}

	@Test
	void deleteShouldClearTheCacheAndReturn204() {
		this.tokenCache.put("billing", "token-billing", HOUR);
		this.tokenCache.put("tenant/crm", "token-crm", HOUR);
		HttpResponse<String> response = this.http.delete("/tokencache");
		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(this.tokenCache.stats().size()).isZero();
		assertThat(this.http.get("/tokencache/billing").statusCode()).isEqualTo(404);
	}

	@ParameterizedTest(name = "key \"{0}\" as /{1}")
	@CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
			tenant/billing-api | tenant/billing-api
			a/b/c              | a/b/c
			urn:svc:billing    | urn:svc:billing
			urn:svc:billing    | urn%3Asvc%3Abilling
			'billing api'      | billing%20api
			100%               | 100%25
			'x/ y:%z'          | x/%20y:%25z
			"quoted"           | %22quoted%22
			""")
	void keyShouldBeReachableThroughItsEncodedPath(String key, String path) {
		this.tokenCache.put(key, "token-value", HOUR);
		this.tokenCache.put(key + "-other", "token-other", HOUR);
		HttpResponse<String> read = this.http.get("/tokencache/" + path);
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(read.body(), "$.key")).isEqualTo(key);
		assertThat(this.http.delete("/tokencache/" + path).statusCode()).isEqualTo(204);
		assertThat(this.tokenCache.get(key)).isEmpty();
		assertThat(this.tokenCache.get(key + "-other")).contains("token-other");
		assertThat(this.http.get("/tokencache/" + path).statusCode()).isEqualTo(404);
		assertThat(this.http.delete("/tokencache/" + path).statusCode()).isEqualTo(404);
	}

	@Test
	void keyWithAnEmptySegmentIsNotReachableOverHttp() {
		this.tokenCache.put("tenant//billing", "token-billing", HOUR);
		assertThat(this.http.get("/tokencache/tenant//billing").statusCode()).isEqualTo(404);
		assertThat(this.http.delete("/tokencache/tenant//billing").statusCode()).isEqualTo(404);
		assertThat(this.tokenCache.get("tenant//billing")).contains("token-billing");
	}

	@Test
	void emptyKeyIsReachedWithATrailingSlashAndItsDeleteClearsNothingElse() {
		this.tokenCache.put("", "token-empty", HOUR);
		this.tokenCache.put("billing", "token-billing", HOUR);
		HttpResponse<String> read = this.http.get("/tokencache/");
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(read.body(), "$.key")).isEmpty();
		assertThat(this.http.delete("/tokencache/").statusCode()).isEqualTo(204);
		assertThat(this.tokenCache.get("")).isEmpty();
		assertThat(this.tokenCache.get("billing")).contains("token-billing");
	}

	@ParameterizedTest(name = "key \"{0}\" as /{1} reaches \"{2}\"")
	@CsvSource(delimiter = '|', textBlock = """
			/billing        | /billing        | billing
			billing/        | billing/        | billing
			tenant//billing | tenant//billing | tenant/billing
			""")
	void emptySegmentsAreDroppedSoTheKeysPathReachesAnotherKey(String key, String path, String reached) {
		this.tokenCache.put(key, "token-value", HOUR);
		this.tokenCache.put(reached, "token-reached", HOUR);
		HttpResponse<String> read = this.http.get("/tokencache/" + path);
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(read.body(), "$.key")).isEqualTo(reached);
		assertThat(this.http.delete("/tokencache/" + path).statusCode()).isEqualTo(204);
		assertThat(this.tokenCache.get(reached)).isEmpty();
		assertThat(this.tokenCache.get(key)).contains("token-value");
	}

	private static long increase(Map<String, Object> before, Map<String, Object> after, String counter) {
		return ((Number) after.get(counter)).longValue() - ((Number) before.get(counter)).longValue();
	}

}
