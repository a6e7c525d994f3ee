package io.tokencache.actuate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.tokencache.TokenCache;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two {@code TokenCache} beans and no primary, over real HTTP: each is reachable with the
 * {@code cache} parameter; without it, the whole-endpoint read lists both and every other
 * operation is a 400; an unknown name is a 404. None of these changes a cache it should not.
 */
@SpringBootTest(classes = TokenCacheEndpointSeveralCachesWebIntegrationTests.App.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=tokencache", ActuatorHttp.WITHOUT_SECURITY })
class TokenCacheEndpointSeveralCachesWebIntegrationTests {

	private static final Duration HOUR = Duration.ofHours(1);

	@Autowired
	@Qualifier("billingTokens")
	private TokenCache billing;

	@Autowired
	@Qualifier("crmTokens")
	private TokenCache crm;

	@LocalServerPort
	private int port;

	private ActuatorHttp http;

	@BeforeEach
	void fill() {
		this.http = new ActuatorHttp(this.port);
		this.billing.clear();
		this.crm.clear();
		this.billing.put("tenant/api", "token-billing", HOUR);
		this.crm.put("tenant/api", "token-crm", HOUR);
		this.crm.put("crm-only", "token-crm-only", HOUR);
	}

	@Test
	void getWithoutCacheShouldListEveryCacheByBeanName() {
		HttpResponse<String> response = this.http.get("/tokencache");
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Object> caches = JsonPath.read(response.body(), "$.caches");
		assertThat(caches).containsOnlyKeys("billingTokens", "crmTokens");
		assertThat((List<String>) JsonPath.read(response.body(), "$.caches.crmTokens.keys"))
			.containsExactly("crm-only", "tenant/api");
		assertThat(response.body()).doesNotContain("token-billing", "token-crm");
	}

	@Test
	void getWithCacheShouldDescribeThatCacheAsASingleCacheResponse() {
		HttpResponse<String> response = this.http.get("/tokencache?cache=crmTokens");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat((int) JsonPath.read(response.body(), "$.size")).isEqualTo(2);
		assertThat((List<String>) JsonPath.read(response.body(), "$.keys")).containsExactly("crm-only", "tenant/api");
	}

	@Test
	void keyOperationsWithCacheShouldActOnThatCacheOnly() {
		HttpResponse<String> entry = this.http.get("/tokencache/tenant/api?cache=billingTokens");
		assertThat(entry.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(entry.body(), "$.key")).isEqualTo("tenant/api");
		assertThat(this.http.get("/tokencache/crm-only?cache=billingTokens").statusCode()).isEqualTo(404);
		assertThat(this.http.delete("/tokencache/tenant/api?cache=billingTokens").statusCode()).isEqualTo(204);
		assertThat(this.billing.get("tenant/api")).isEmpty();
		assertThat(this.crm.get("tenant/api")).contains("token-crm");
	}

	@Test
	void deleteWithCacheShouldClearThatCacheOnly() {
		assertThat(this.http.delete("/tokencache?cache=crmTokens").statusCode()).isEqualTo(204);
		assertThat(this.crm.get("crm-only")).isEmpty();
		assertThat(this.billing.get("tenant/api")).contains("token-billing");
	}

	@Test
	void operationsWithoutCacheShouldBeBadRequestsThatChangeNothing() {
		assertThat(this.http.get("/tokencache/tenant/api").statusCode()).isEqualTo(400);
		assertThat(this.http.delete("/tokencache/tenant/api").statusCode()).isEqualTo(400);
		assertThat(this.http.delete("/tokencache").statusCode()).isEqualTo(400);
		assertThat(this.billing.get("tenant/api")).contains("token-billing");
		assertThat(this.crm.get("tenant/api")).contains("token-crm");
	}

	@Test
	void unknownCacheShouldBeNotFoundAndChangeNothing() {
		assertThat(this.http.get("/tokencache?cache=absentTokens").statusCode()).isEqualTo(404);
		assertThat(this.http.get("/tokencache/tenant/api?cache=absentTokens").statusCode()).isEqualTo(404);
		assertThat(this.http.delete("/tokencache/tenant/api?cache=absentTokens").statusCode()).isEqualTo(404);
		assertThat(this.http.delete("/tokencache?cache=absentTokens").statusCode()).isEqualTo(404);
		assertThat(this.billing.get("tenant/api")).contains("token-billing");
		assertThat(this.crm.get("crm-only")).contains("token-crm-only");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		TokenCache billingTokens() {
			return TokenCache.builder().build();
		}

		@Bean
		TokenCache crmTokens() {
			return TokenCache.builder().build();
		}

	}

}
