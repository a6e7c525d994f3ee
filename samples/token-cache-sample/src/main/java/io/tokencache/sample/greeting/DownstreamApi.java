package io.tokencache.sample.greeting;

import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.web.client.RequestAttributeClientRegistrationIdResolver;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

/**
 * Calls the protected API; Spring Security's interceptor adds the bearer token.
 *
 * <p>If the API rejects a token the cache still considers valid (revoked, or the identity
 * provider restarted), the interceptor's failure handler removes the authorized client, the
 * starter evicts the token, and this call is retried once, which fetches exactly one new token.
 * The retry is the sample's choice, safe for a GET; the starter never retries a request itself.
 */
@Component
final class DownstreamApi {

	private final RestClient downstreamRestClient;

	private final ClientProperties properties;

	private final LocalServer localServer;

	DownstreamApi(RestClient downstreamRestClient, ClientProperties properties, LocalServer localServer) {
		this.downstreamRestClient = downstreamRestClient;
		this.properties = properties;
		this.localServer = localServer;
	}

	JsonNode get() {
		try {
			return call();
		}
		catch (HttpClientErrorException.Unauthorized ex) {
			return call();
		}
	}

	private JsonNode call() {
		JsonNode body = this.downstreamRestClient.get()
			.uri(this.localServer.resolve(this.properties.apiUri()))
			.attributes(RequestAttributeClientRegistrationIdResolver.clientRegistrationId(this.properties.registrationId()))
			.accept(MediaType.APPLICATION_JSON)
			.retrieve()
			.body(JsonNode.class);
		if (body == null) {
			throw new IllegalStateException("API " + this.properties.apiUri() + " answered with an empty body");
		}
		return body;
	}

}
