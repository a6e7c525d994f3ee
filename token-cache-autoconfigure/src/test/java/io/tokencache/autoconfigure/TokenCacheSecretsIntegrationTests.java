package io.tokencache.autoconfigure;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.tokencache.AccessToken;
import io.tokencache.TokenCache;
import io.tokencache.TokenLoadException;
import io.tokencache.actuate.ActuatorHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A full application, with the endpoint, the metrics endpoint and Prometheus exposed and every
 * logger at DEBUG: the meters really bind, a distinctive token reaches none of these outputs, and
 * no key reaches a meter's tags, the metrics endpoint or the Prometheus scrape, which are read
 * while the cache holds the keys and before any request names a key in its path.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = TokenCacheSecretsIntegrationTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=tokencache,metrics,prometheus",
				"logging.level.root=DEBUG", "logging.level.io.tokencache=DEBUG", ActuatorHttp.WITHOUT_SECURITY })
class TokenCacheSecretsIntegrationTests {

	private static final String TOKEN = "eyJ-DISTINCTIVE-9f3c-token-value";

	private static final List<String> METER_NAMES = List.of("cache.size", "cache.gets", "cache.puts",
			"cache.evictions", "token.cache.loads");

	@Autowired
	private TokenCache tokenCache;

	@LocalServerPort
	private int port;

	@Test
	void tokenShouldReachNoEndpointMeterOrLogLine(CapturedOutput output) {
		ActuatorHttp http = new ActuatorHttp(this.port);
		useTheCache();
		List<String> meterBodies = new ArrayList<>();
		String metrics = ok(http.get("/metrics"));
		meterBodies.add(metrics);
		assertThat((List<String>) JsonPath.read(metrics, "$.names")).containsAll(METER_NAMES);
		for (String name : METER_NAMES) {
			meterBodies.add(ok(http.get("/metrics/" + name)));
			meterBodies.add(ok(http.get("/metrics/" + name + "?tag=cache:tokenCache")));
		}
		String prometheus = ok(http.get("/prometheus"));
		meterBodies.add(prometheus);
		assertThat(meterBodies).as("no key in a tag, an available tag or the scrape")
			.allSatisfy((body) -> assertThat(body).doesNotContain("billing-api", "crm:api", "broken-api"));
		List<String> bodies = new ArrayList<>(meterBodies);
		bodies.add(ok(http.get("/tokencache")));
		bodies.add(ok(http.get("/tokencache/tenant/billing-api")));
		assertThat(prometheus).contains("cache_gets_total{cache=\"tokenCache\",result=\"hit\"} 1.0",
				"cache_gets_total{cache=\"tokenCache\",result=\"miss\"} 2.0",
				"cache_puts_total{cache=\"tokenCache\"} 2.0", "cache_size{cache=\"tokenCache\"} 2.0",
				"token_cache_loads_seconds_count{cache=\"tokenCache\",result=\"success\"} 1",
				"token_cache_loads_seconds_count{cache=\"tokenCache\",result=\"failure\"} 1");
		assertThat(output).as("DEBUG output was captured")
			.contains("Loaded token for key 'tenant/billing-api'")
			.contains("DEBUG");
		assertThat(bodies).allSatisfy((body) -> assertThat(body).doesNotContain(TOKEN));
		assertThat(output).doesNotContain(TOKEN);
	}

	private void useTheCache() {
		this.tokenCache.clear();
		this.tokenCache.get("tenant/billing-api", (key) -> AccessToken.of(TOKEN, 3600));
		this.tokenCache.get("tenant/billing-api", (key) -> AccessToken.of("never-loaded", 3600));
		this.tokenCache.put("crm:api", TOKEN + "-crm", Duration.ofHours(1));
		assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> this.tokenCache.get("broken-api", (key) -> {
			throw new IOException("identity provider unavailable");
		})).satisfies((ex) -> assertThat(ex).hasMessageNotContaining(TOKEN));
	}

	private static String ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(200);
		return response.body();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
