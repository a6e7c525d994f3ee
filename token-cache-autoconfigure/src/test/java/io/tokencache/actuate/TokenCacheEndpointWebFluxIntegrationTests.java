package io.tokencache.actuate;

import org.junit.jupiter.api.Test;

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

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
