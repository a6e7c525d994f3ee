package io.tokencache.sample.greeting;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import io.tokencache.AccessToken;
import io.tokencache.TokenLoader;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;

/**
 * Loads a token with an OAuth2 client-credentials request (RFC 6749, section 4.4): a form POST to
 * the token endpoint. The cache calls it once per key at a time, so it needs no locking.
 */
@Component
final class ClientCredentialsTokenLoader implements TokenLoader {

	private static final Log logger = LogFactory.getLog(ClientCredentialsTokenLoader.class);

	private final RestClient restClient;

	private final ClientProperties properties;

	private final LocalServer localServer;

	ClientCredentialsTokenLoader(RestClient restClient, ClientProperties properties, LocalServer localServer) {
		this.restClient = restClient;
		this.properties = properties;
		this.localServer = localServer;
	}

	@Override
	public AccessToken load(String key) {
		URI tokenUri = this.localServer.resolve(this.properties.tokenUri());
		TokenResponse response = this.restClient.post()
			.uri(tokenUri)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.accept(MediaType.APPLICATION_JSON)
			.headers((headers) -> {
				if (this.properties.authentication() == ClientProperties.ClientAuthentication.CLIENT_SECRET_BASIC) {
					// RFC 6749 2.3.1: form-encode the id and secret before Basic-encoding them.
					headers.setBasicAuth(formEncode(this.properties.clientId()),
							formEncode(this.properties.clientSecret()));
				}
			})
			.body(form())
			.retrieve()
			.body(TokenResponse.class);
		if (response == null || !StringUtils.hasText(response.accessToken()) || response.expiresIn() == null) {
			throw new IllegalStateException("Token endpoint " + tokenUri
					+ " answered without access_token or expires_in for key '" + key + "'");
		}
		logger.debug("Loaded a token for key '" + key + "' from " + tokenUri + ", expires in " + response.expiresIn()
				+ "s");
		return AccessToken.of(response.accessToken(), response.expiresIn());
	}

	private MultiValueMap<String, String> form() {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "client_credentials");
		if (StringUtils.hasText(this.properties.scope())) {
			form.add("scope", this.properties.scope());
		}
		if (this.properties.authentication() == ClientProperties.ClientAuthentication.CLIENT_SECRET_POST) {
			form.add("client_id", this.properties.clientId());
			form.add("client_secret", this.properties.clientSecret());
		}
		return form;
	}

	private static String formEncode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
