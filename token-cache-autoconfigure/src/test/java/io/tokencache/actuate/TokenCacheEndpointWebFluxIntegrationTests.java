package io.tokencache.actuate;

import java.net.http.HttpResponse;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code tokencache} endpoint over real HTTP, on Spring WebFlux and Reactor Netty.
 */
@SpringBootTest(classes = TokenCacheEndpointWebFluxIntegrationTests.App.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive",
				"management.endpoints.web.exposure.include=tokencache", ActuatorHttp.WITHOUT_SECURITY })
class TokenCacheEndpointWebFluxIntegrationTests extends AbstractTokenCacheEndpointWebIntegrationTests {

	@Test
	void encodedSlashIsDecodedLikeAPlainSlash() {
		this.tokenCache.put("tenant/billing", "token-billing", HOUR);
		assertThat(this.http.get("/tokencache/tenant%2Fbilling").statusCode()).isEqualTo(200);
	}

	@ParameterizedTest(name = "key \"{0}\" as /{1}")
	@CsvSource(delimiter = '|', textBlock = """
			tenant/billing  | tenant%2Fbilling
			/billing        | %2Fbilling
			billing/        | billing%2F
			tenant//billing | tenant%2F%2Fbilling
			""")
	void encodedSlashReachesExactlyTheKeyAndDeletesIt(String key, String path) {
		this.tokenCache.put(key, "token-value", HOUR);
		this.tokenCache.put("billing", "token-billing", HOUR);
		this.tokenCache.put("tenant/billing-other", "token-other", HOUR);
		HttpResponse<String> read = this.http.get("/tokencache/" + path);
		assertThat(read.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(read.body(), "$.key")).isEqualTo(key);
		assertThat(this.http.delete("/tokencache/" + path).statusCode()).isEqualTo(204);
		assertThat(this.tokenCache.get(key)).isEmpty();
		assertThat(this.tokenCache.stats().keys()).containsExactlyInAnyOrder("billing", "tenant/billing-other")
			.doesNotContain(key);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
