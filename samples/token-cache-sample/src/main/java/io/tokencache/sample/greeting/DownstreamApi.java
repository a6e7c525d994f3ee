package io.tokencache.sample.greeting;

import io.tokencache.TokenCache;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

/**
 * Calls the protected API with a bearer token from the {@link TokenCache}.
 *
 * <p>If the API rejects a token the cache still considers valid (revoked, or the identity
 * provider restarted), the key is invalidated and the call is retried once with a fresh token.
 */
@Component
final class DownstreamApi {

	private final RestClient restClient;

	private final TokenCache tokenCache;

	private final ClientCredentialsTokenLoader tokenLoader;

	private final ClientProperties properties;

	private final LocalServer localServer;

	DownstreamApi(RestClient restClient, TokenCache tokenCache, ClientCredentialsTokenLoader tokenLoader,
			ClientProperties properties, LocalServer localServer) {
		this.restClient = restClient;
		this.tokenCache = tokenCache;
		this.tokenLoader = tokenLoader;
		this.properties = properties;
		this.localServer = localServer;
	}

	JsonNode get() {
		String key = this.properties.cacheKey();
		String token = this.tokenCache.get(key, this.tokenLoader);
		try {
			return call(token);
		}
		catch (HttpClientErrorException.Unauthorized ex) {
			// Only drop the token that was rejected: a concurrent caller may already have
			// replaced it, and invalidating the new one would cost another fetch.
			if (this.tokenCache.get(key).filter(token::equals).isPresent()) {
				this.tokenCache.invalidate(key);
			}
			return call(this.tokenCache.get(key, this.tokenLoader));
		}
	}

	private JsonNode call(String token) {
		JsonNode body = this.restClient.get()
			.uri(this.localServer.resolve(this.properties.apiUri()))
			.accept(MediaType.APPLICATION_JSON)
			.headers((headers) -> headers.setBearerAuth(token))
			.retrieve()
			.body(JsonNode.class);
		if (body == null) {
			throw new IllegalStateException("API " + this.properties.apiUri() + " answered with an empty body");
		}
		return body;
	}

}
