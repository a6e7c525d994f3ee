package io.tokencache.actuate;

import java.time.Duration;

import io.tokencache.AccessToken;
import io.tokencache.TokenCache;
import io.tokencache.TokenLoadException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(classes = TokenCacheEndpointWebIntegrationTests.App.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=tokencache", ActuatorHttp.WITHOUT_SECURITY })
class ReadmeCaptureTests {

	@Autowired
	TokenCache tokenCache;

	@LocalServerPort
	int port;

	@Test
	void capture() throws Exception {
		this.tokenCache.get("billing-api", (key) -> AccessToken.of("t1", 3600));
		for (int i = 0; i < 41; i++) {
			this.tokenCache.get("billing-api", (key) -> AccessToken.of("t1", 3600));
		}
		this.tokenCache.get("tenant-42/crm-api", (key) -> new AccessToken("t2", Duration.ofMinutes(15)));
		this.tokenCache.get("tenant-42/crm-api");
		try {
			this.tokenCache.get("broken", (key) -> null);
		}
		catch (TokenLoadException ex) {
		}
		System.out.println("CAPTURE " + new ActuatorHttp(this.port).get("/tokencache").body());
	}

}
