package io.tokencache.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.tokencache.AccessToken;
import io.tokencache.TokenCache;
import io.tokencache.TokenEntryInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogMessage;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

/**
 * The client-credentials tokens of Spring Security's OAuth2 client, held in a
 * {@link TokenCache}: what the servlet and the reactive response clients share.
 * <p>
 * The cache holds only a token's value and lifetime. The token type and the granted scopes of
 * the token this instance loaded are kept beside it, per key, so that the response handed back
 * to Spring Security describes the token as the authorization server did. A token the cache got
 * otherwise (put by another component) is described as a bearer token with the registration's
 * scopes.
 */
final class ClientCredentialsTokens {

	private static final Log logger = LogFactory.getLog(ClientCredentialsTokens.class);

	private final TokenCache cache;

	private final RegistrationKeys keys;

	private final TokenLifetimes lifetimes;

	private final Clock clock;

	private final CallerContext callerContext;

	private final Map<String, Granted> granted = new ConcurrentHashMap<>();

	ClientCredentialsTokens(TokenCache cache, RegistrationKeys keys, TokenLifetimes lifetimes, Clock clock) {
		this(cache, keys, lifetimes, clock, CallerContext.NONE);
	}

	ClientCredentialsTokens(TokenCache cache, RegistrationKeys keys, TokenLifetimes lifetimes, Clock clock,
			CallerContext callerContext) {
		this.cache = cache;
		this.keys = keys;
		this.lifetimes = lifetimes;
		this.clock = clock;
		this.callerContext = callerContext;
	}

	/** What a reactive caller's load runs in, on the thread that starts it. */
	CallerContext callerContext() {
		return this.callerContext;
	}

	/**
	 * Returns the cache key of a registration, as {@link RegistrationKeys} forms it.
	 * @param registration the client registration
	 * @return the key, never holding the client secret
	 */
	String key(ClientRegistration registration) {
		return this.keys.registrationKey(registration);
	}

	/**
	 * Returns the cached token, or loads one with the loader, once per key however many callers
	 * ask at the same time.
	 * @throws RuntimeException the loader's own exception, such as Spring Security's
	 * {@code OAuth2AuthorizationException}, so that Spring's failure handling sees what it
	 * would see without the cache
	 */
	OAuth2AccessTokenResponse get(ClientRegistration registration, ResponseLoader loader) {
		String key = key(registration);
		String token = TokenResponses
			.unwrap(() -> this.cache.get(key, (k) -> remember(k, registration, loader.load())));
		return response(key, token, registration);
	}

	/**
	 * Returns the cached token without waiting for a load, for the reactive hit path that must
	 * not block. Inside the refresh-ahead window it starts the background refresh with the
	 * loader, which then runs on the cache's executor, so that reactive callers do not wait at
	 * the refresh point either. It counts a hit or a miss, like any lookup.
	 */
	Optional<OAuth2AccessTokenResponse> cached(ClientRegistration registration, ResponseLoader loader) {
		String key = key(registration);
		return this.cache.getIfPresent(key, (k) -> remember(k, registration, loader.load()))
			.map((token) -> response(key, token, registration));
	}

	/**
	 * Removes the cached token of a client that a resource server rejected, if the cache still
	 * holds that very token: a client holding an older token must not throw away the new one
	 * that other callers already share.
	 * @param client the authorized client being removed, if there was one
	 */
	void rejected(@Nullable OAuth2AuthorizedClient client) {
		if (client == null || !AuthorizationGrantType.CLIENT_CREDENTIALS
			.equals(client.getClientRegistration().getAuthorizationGrantType())) {
			return;
		}
		String key = key(client.getClientRegistration());
		String rejected = client.getAccessToken().getTokenValue();
		if (this.cache.get(key).filter(rejected::equals).isPresent()) {
			this.cache.invalidate(key);
			this.granted.remove(key);
		}
	}

	/**
	 * Keeps what the authorization server said besides the token and returns the token with the
	 * lifetime that {@link TokenLifetimes} gives it, which the response handed to Spring Security
	 * then states too, so that Spring's own expiry check agrees with the cache.
	 */
	private AccessToken remember(String key, ClientRegistration registration, OAuth2AccessTokenResponse response) {
		OAuth2AccessToken token = response.getAccessToken();
		Duration expiresIn = this.lifetimes.expiresIn(token, registration.getRegistrationId());
		Instant expiresAt = this.clock.instant().plus(expiresIn);
		this.granted.put(key, new Granted(token.getTokenValue(), token.getTokenType(), token.getScopes(), expiresAt));
		logger.debug(LogMessage.format("Loaded a client-credentials token for key '%s', expires in %ss", key,
				expiresIn.toSeconds()));
		return new AccessToken(token.getTokenValue(), expiresIn);
	}

	private OAuth2AccessTokenResponse response(String key, String token, ClientRegistration registration) {
		Granted granted = this.granted.get(key);
		boolean same = granted != null && granted.value().equals(token);
		Instant expiresAt = same ? granted.expiresAt()
				: this.cache.describe(key).map(TokenEntryInfo::expiresAt).orElseGet(this.clock::instant);
		Set<String> scopes = (same && !granted.scopes().isEmpty()) ? granted.scopes() : scopes(registration);
		return TokenResponses.of(token, same ? granted.tokenType() : OAuth2AccessToken.TokenType.BEARER, scopes,
				expiresAt, this.clock);
	}

	/** A registration's scopes: Spring Security leaves them {@code null} when none are set. */
	private static Set<String> scopes(ClientRegistration registration) {
		Set<String> scopes = registration.getScopes();
		return (scopes != null) ? scopes : Set.of();
	}

	/** Loads a response from the authorization server. */
	@FunctionalInterface
	interface ResponseLoader {

		OAuth2AccessTokenResponse load();

	}

	/** What the authorization server said about a token besides its value and lifetime. */
	private record Granted(String value, OAuth2AccessToken.TokenType tokenType, Set<String> scopes,
			Instant expiresAt) {

		@Override
		public String toString() {
			return "Granted[value=<redacted>, tokenType=" + this.tokenType.getValue() + ", scopes=" + this.scopes
					+ ", expiresAt=" + this.expiresAt + "]";
		}

	}

}
