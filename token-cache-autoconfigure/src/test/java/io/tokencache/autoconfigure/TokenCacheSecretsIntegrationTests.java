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
 * logger at DEBUG: the meters really bind, and a distinctive token reaches none of these outputs.
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
		List<String> bodies = new ArrayList<>();
		bodies.add(ok(http.get("/tokencache")));
		bodies.add(ok(http.get("/tokencache/tenant/billing-api")));
		String metrics = ok(http.get("/metrics"));
		bodies.add(metrics);
		assertThat((List<String>) JsonPath.read(metrics, "$.names")).containsAll(METER_NAMES);
		for (String name : METER_NAMES) {
			bodies.add(ok(http.get("/metrics/" + name)));
			bodies.add(ok(http.get("/metrics/" + name + "?tag=cache:tokenCache")));
		}
		String prometheus = ok(http.get("/prometheus"));
		bodies.add(prometheus);
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
		assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> this.tokenCache.get("broken", (key) -> {
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
