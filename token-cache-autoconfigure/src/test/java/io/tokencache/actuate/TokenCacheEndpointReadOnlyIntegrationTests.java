package io.tokencache.actuate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.tokencache.TokenCache;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code management.endpoint.tokencache.access=read-only} over real HTTP, on Spring MVC and
 * Tomcat: the reads answer, the deletes are refused, and the cache keeps every token.
 */
@SpringBootTest(classes = TokenCacheEndpointReadOnlyIntegrationTests.App.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=tokencache",
				"management.endpoint.tokencache.access=read-only", ActuatorHttp.WITHOUT_SECURITY })
class TokenCacheEndpointReadOnlyIntegrationTests {

	private static final Duration HOUR = Duration.ofHours(1);

	@Autowired
	private TokenCache tokenCache;

	@LocalServerPort
	private int port;

	private ActuatorHttp http;

	@BeforeEach
	void setUp() {
		this.tokenCache.clear();
		this.tokenCache.put("billing", "token-billing", HOUR);
		this.tokenCache.put("tenant/crm", "token-crm", HOUR);
		this.http = new ActuatorHttp(this.port);
	}

	@Test
	void readsAreAnswered() {
		HttpResponse<String> cache = this.http.get("/tokencache");
		assertThat(cache.statusCode()).isEqualTo(200);
		assertThat((List<String>) JsonPath.read(cache.body(), "$.keys")).containsExactly("billing", "tenant/crm");
		assertThat(this.http.get("/tokencache/tenant/crm").statusCode()).isEqualTo(200);
	}

	@Test
	void deleteOfAKeyIsRefusedAndTheTokenStays() {
		assertThat(this.http.delete("/tokencache/billing").statusCode()).isEqualTo(405);
		assertThat(this.http.delete("/tokencache/tenant/crm").statusCode()).isEqualTo(405);
		assertThat(this.tokenCache.get("billing")).contains("token-billing");
		assertThat(this.tokenCache.get("tenant/crm")).contains("token-crm");
	}

	@Test
	void deleteOfTheWholeCacheIsRefusedAndEveryTokenStays() {
		assertThat(this.http.delete("/tokencache").statusCode()).isEqualTo(405);
		assertThat(this.tokenCache.stats().keys()).containsExactly("billing", "tenant/crm");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
