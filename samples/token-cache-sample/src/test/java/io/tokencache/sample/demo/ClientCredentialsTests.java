package io.tokencache.sample.demo;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClientCredentials}.
 */
class ClientCredentialsTests {

	private final MultiValueMap<String, String> emptyForm = new LinkedMultiValueMap<>();

	@Test
	void basicHeaderIsFormDecoded() {
		String header = "Basic " + base64("my%3Aclient:p%40ss+word");
		assertThat(ClientCredentials.from(header, this.emptyForm))
			.hasValue(new ClientCredentials("my:client", "p@ss word"));
	}

	@Test
	void formParametersAreUsedWithoutBasicHeader() {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("client_id", "id");
		form.add("client_secret", "secret");
		assertThat(ClientCredentials.from(null, form)).hasValue(new ClientCredentials("id", "secret"));
	}

	@Test
	void malformedBasicHeaderGivesNoCredentials() {
		assertThat(ClientCredentials.from("Basic !!not-base64!!", this.emptyForm)).isEmpty();
		assertThat(ClientCredentials.from("Basic " + base64("no-colon"), this.emptyForm)).isEmpty();
	}

	@Test
	void missingCredentialsGiveNone() {
		assertThat(ClientCredentials.from(null, this.emptyForm)).isEmpty();
	}

	@Test
	void matchesComparesIdAndSecret() {
		ClientCredentials credentials = new ClientCredentials("id", "secret");
		assertThat(credentials.matches("id", "secret")).isTrue();
		assertThat(credentials.matches("id", "other")).isFalse();
		assertThat(credentials.matches("other", "secret")).isFalse();
	}

	@Test
	void toStringHidesTheSecret() {
		assertThat(new ClientCredentials("id", "distinctive-secret")).hasToString(
				"ClientCredentials[clientId=id, clientSecret=<redacted>]");
	}

	private static String base64(String value) {
		return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

}
