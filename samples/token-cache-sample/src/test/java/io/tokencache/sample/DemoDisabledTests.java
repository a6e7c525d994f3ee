package io.tokencache.sample;

import java.net.http.HttpResponse;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pointed at an identity provider that cannot be reached, with the demo turned off: the demo
 * endpoints are gone and the sample's API answers 502 naming the registration instead of hanging or
 * failing with a 500.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.demo.enabled=false", "spring.security.oauth2.client.provider.demo-issuer.token-uri=http://localhost:1/oauth2/token",
				"sample.client.api-uri=http://localhost:1/api" })
class DemoDisabledTests {

	@LocalServerPort
	private int port;

	@Test
	void demoEndpointsAreNotServed() {
		LocalHttp http = new LocalHttp(this.port);
		assertThat(http.get("/demo-issuer/stats").statusCode()).isEqualTo(404);
		assertThat(http.get("/demo-api/greeting").statusCode()).isEqualTo(404);
	}

	@Test
	void unreachableTokenEndpointIsABadGateway() {
		HttpResponse<String> response = new LocalHttp(this.port).get("/api/greeting");
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(JsonPath.<String>read(response.body(), "$.detail")).startsWith("No token for registration 'demo-api'");
	}

}
