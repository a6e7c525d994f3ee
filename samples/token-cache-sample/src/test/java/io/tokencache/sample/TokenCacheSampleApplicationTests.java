package io.tokencache.sample;

import java.net.http.HttpResponse;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.tokencache.TokenCache;
import io.tokencache.security.RegistrationKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample end to end, over real HTTP: its API, the demo identity provider and API, and the
 * starter's actuator endpoint and meters.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "logging.level.io.tokencache=debug")
class TokenCacheSampleApplicationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TokenCache tokenCache;

	private LocalHttp http;

	/** The key of registration {@code demo-api}, as the starter forms it. */
	private String key;

	@BeforeEach
	void startWithAnEmptyCache(@Autowired RegistrationKeys keys, @Autowired ClientRegistrationRepository registrations) {
		this.tokenCache.clear();
		this.http = new LocalHttp(this.port);
		this.key = keys.registrationKey(registrations.findByRegistrationId("demo-api"));
	}

	@Test
	void greetingCallsTheProtectedApiWithOneCachedToken() {
		long issuedBefore = this.http.tokensIssued();
		HttpResponse<String> first = this.http.get("/api/greeting");
		HttpResponse<String> second = this.http.get("/api/greeting");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<String>read(first.body(), "$.registrationId")).isEqualTo("demo-api");
		assertThat(JsonPath.<String>read(first.body(), "$.downstream.greeting")).isEqualTo("Hello, sample-client!");
		assertThat(tokenSerial(second)).isEqualTo(tokenSerial(first));
		assertThat(this.http.tokensIssued() - issuedBefore).isEqualTo(1);
	}

	@Test
	void tokencacheEndpointListsTheKey() {
		greet();
		HttpResponse<String> response = this.http.get("/actuator/tokencache");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<Number>read(response.body(), "$.size").intValue()).isEqualTo(1);
		assertThat(JsonPath.<List<String>>read(response.body(), "$.keys")).containsExactly(this.key);
		assertThat(JsonPath.<List<String>>read(response.body(), "$.entries[*].key")).containsExactly(this.key);
	}

	@Test
	void cacheSizeMeterReadsOne() {
		greet();
		HttpResponse<String> response = this.http.get("/actuator/metrics/cache.size?tag=cache:tokenCache");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(JsonPath.<Number>read(response.body(), "$.measurements[0].value").doubleValue()).isEqualTo(1.0);
	}

	@Test
	void deletingTheKeyMakesTheNextCallFetchExactlyOneNewToken() {
		long firstSerial = tokenSerial(greet());
		long issuedBefore = this.http.tokensIssued();
		assertThat(this.http.delete(entryPath()).statusCode()).isEqualTo(204);
		assertThat(this.http.get(entryPath()).statusCode()).isEqualTo(404);
		long secondSerial = tokenSerial(greet());
		long thirdSerial = tokenSerial(greet());
		assertThat(secondSerial).isNotEqualTo(firstSerial);
		assertThat(thirdSerial).isEqualTo(secondSerial);
		assertThat(this.http.tokensIssued() - issuedBefore).isEqualTo(1);
	}

	@Test
	void tokenRejectedByTheApiIsReplacedOnce() {
		long firstSerial = tokenSerial(greet());
		long issuedBefore = this.http.tokensIssued();
		assertThat(this.http.delete("/demo-issuer/tokens").statusCode()).isEqualTo(204);
		long secondSerial = tokenSerial(greet());
		assertThat(secondSerial).isNotEqualTo(firstSerial);
		assertThat(this.http.tokensIssued() - issuedBefore).isEqualTo(1);
	}

	@Test
	void tokenValueNeverAppearsInActuatorOutputOrLogs(CapturedOutput output) {
		greet();
		String token = this.tokenCache.get(this.key).orElseThrow();
		assertThat(token).startsWith("demo-").hasSizeGreaterThan(40);
		for (String path : List.of("/actuator/tokencache", entryPath(), "/actuator/metrics",
				"/actuator/metrics/cache.size", "/actuator/prometheus", "/actuator/health", "/api/greeting")) {
			HttpResponse<String> response = this.http.get(path);
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			assertThat(response.body()).as(path).doesNotContain(token);
		}
		assertThat(output.getAll()).contains("Loaded a client-credentials token for key '" + this.key + "'")
			.doesNotContain(token);
	}

	/** The endpoint path of the key, its escapes percent-encoded once more, as a URL path needs. */
	private String entryPath() {
		return "/actuator/tokencache/" + this.key.replace("%", "%25");
	}

	private HttpResponse<String> greet() {
		HttpResponse<String> response = this.http.get("/api/greeting");
		assertThat(response.statusCode()).isEqualTo(200);
		return response;
	}

	private static long tokenSerial(HttpResponse<String> greeting) {
		return JsonPath.<Number>read(greeting.body(), "$.downstream.tokenSerial").longValue();
	}

}
