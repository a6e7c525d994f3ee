package io.tokencache.actuate;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code tokencache} endpoint over real HTTP, on Spring MVC and Tomcat.
 */
@SpringBootTest(classes = TokenCacheEndpointWebIntegrationTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=tokencache", ActuatorHttp.WITHOUT_SECURITY })
class TokenCacheEndpointWebIntegrationTests extends AbstractTokenCacheEndpointWebIntegrationTests {

	@Test
	void encodedSlashIsRejectedByTomcatSoSlashesMustBeSentAsTheyAre() {
		this.tokenCache.put("tenant/billing", "token-billing", HOUR);
		assertThat(this.http.get("/tokencache/tenant%2Fbilling").statusCode()).isEqualTo(400);
		assertThat(this.http.delete("/tokencache/tenant%2Fbilling").statusCode()).isEqualTo(400);
		assertThat(this.tokenCache.get("tenant/billing")).contains("token-billing");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
