package io.tokencache.autoconfigure;

import java.net.http.HttpResponse;

import io.tokencache.AccessToken;
import io.tokencache.TokenCache;
import io.tokencache.actuate.ActuatorHttp;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code token.cache.loads} is a real timer: Boot's {@code percentiles-histogram} property gives
 * it buckets in a real Prometheus scrape, for a {@code TokenCache} bean the application built
 * itself, with no code to bind it.
 */
@SpringBootTest(classes = TokenCacheLoadsHistogramIntegrationTests.App.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=prometheus",
				"management.metrics.distribution.percentiles-histogram.token.cache.loads=true",
				ActuatorHttp.WITHOUT_SECURITY })
class TokenCacheLoadsHistogramIntegrationTests {

	@Autowired
	private TokenCache billingTokens;

	@LocalServerPort
	private int port;

	@Test
	void percentilesHistogramPropertyShouldGiveTheLoadsTimerBuckets() {
		this.billingTokens.get("billing", (key) -> AccessToken.of("secret", 3600));
		HttpResponse<String> response = new ActuatorHttp(this.port).get("/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body())
			.containsPattern("token_cache_loads_seconds_bucket\\{cache=\"billingTokens\",result=\"success\",le=\"[^\"]+\"\\} 1")
			.contains("token_cache_loads_seconds_bucket{cache=\"billingTokens\",result=\"success\",le=\"+Inf\"} 1")
			.contains("token_cache_loads_seconds_count{cache=\"billingTokens\",result=\"success\"} 1")
			.contains("token_cache_loads_seconds_max{cache=\"billingTokens\",result=\"success\"}");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		TokenCache billingTokens() {
			return TokenCache.builder().build();
		}

	}

}
