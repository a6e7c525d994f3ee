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
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.endpoint.AbstractOAuth2AuthorizationGrantRequest;
import org.springframework.security.oauth2.client.endpoint.JwtBearerGrantRequest;
import org.springframework.security.oauth2.client.endpoint.TokenExchangeGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

/**
 * The tokens that Spring Security's OAuth2 client obtains on a user's behalf, by token exchange
 * (RFC 8693) or with a JWT bearer assertion (RFC 7523), held in the {@link TokenCache}.
 * <p>
 * A token's key is its registration's key (see {@link RegistrationKeys}), the grant, and the
 * keyed digest of the user's subject token and actor token, or of the assertion: one user's
 * token is never found under another user's key, and the key reveals neither token. A token is
 * cached no longer than the subject token, actor token or assertion it was obtained with is
 * valid, so that the cache never hands out a token whose user's own token has expired.
 * <p>
 * The cache is their only store: the authorized-client decorators do not pass these clients on
 * to Spring's per-principal stores (see {@link #held(OAuth2AuthorizedClient)}), so memory is
 * bounded by {@code token-cache.maximum-size}. A cached token is described as a bearer token
 * with the registration's scopes; a refresh token in the response is dropped, since another
 * exchange replaces it.
 */
final class DelegatedTokens {

	/** Below this remaining lifetime of the user's token, a request goes to the issuer uncached. */
	private static final Duration SHORTEST = Duration.ofSeconds(1);

	/**
	 * How much earlier than the user's token a cached token ends: the entry starts when the
	 * cache stores it, a little after the lifetime is computed and on a clock that may lead by
	 * a few milliseconds, and that gap must not carry it past the user's token.
	 */
	private static final Duration USER_TOKEN_MARGIN = Duration.ofSeconds(1);

	private final TokenCache cache;

	private final RegistrationKeys keys;

	private final TokenLifetimes lifetimes;

	private final Clock clock;

	/** The grants whose response client goes through the cache: only their clients are not stored. */
	private final Set<AuthorizationGrantType> cached = ConcurrentHashMap.newKeySet();

	/** The registrations seen, by id, so that a removal naming only the id can form the key. */
	private final Map<String, ClientRegistration> registrations = new ConcurrentHashMap<>();

	DelegatedTokens(TokenCache cache, RegistrationKeys keys, TokenLifetimes lifetimes, Clock clock) {
		this.cache = cache;
		this.keys = keys;
		this.lifetimes = lifetimes;
		this.clock = clock;
	}

	/** Notes that a response client of the grant goes through the cache. */
	void caching(AuthorizationGrantType grant) {
		this.cached.add(grant);
	}

	/**
	 * Whether the cache holds this client's token, so that no per-principal store should.
	 * @param client an authorized client about to be saved
	 * @return {@code true} for token exchange and JWT bearer clients whose response client is
	 * cached
	 */
	boolean held(OAuth2AuthorizedClient client) {
		return this.cached.contains(client.getClientRegistration().getAuthorizationGrantType());
	}

	/**
	 * Returns what a request's token is cached under and until when at most.
	 * @param request a token exchange or JWT bearer request
	 * @return the subject
	 * @throws IllegalArgumentException for any other grant
	 */
	Subject subject(AbstractOAuth2AuthorizationGrantRequest request) {
		this.registrations.put(request.getClientRegistration().getRegistrationId(), request.getClientRegistration());
		if (request instanceof TokenExchangeGrantRequest exchange) {
			return exchange(exchange.getClientRegistration(), exchange.getSubjectToken(), exchange.getActorToken());
		}
		if (request instanceof JwtBearerGrantRequest bearer) {
			return jwtBearer(bearer.getClientRegistration(), bearer.getJwt());
		}
		throw new IllegalArgumentException("request must be a token exchange or JWT bearer request but was "
				+ request.getClass().getName());
	}

	private Subject exchange(ClientRegistration registration, OAuth2Token subject, @Nullable OAuth2Token actor) {
		String digest = this.keys.digest(subject.getTokenValue(), (actor != null) ? actor.getTokenValue() : "");
		Instant notAfter = earliest(subject.getExpiresAt(), (actor != null) ? actor.getExpiresAt() : null);
		return new Subject(key(registration, "token-exchange", digest), notAfter);
	}

	private Subject jwtBearer(ClientRegistration registration, OAuth2Token assertion) {
		return new Subject(key(registration, "jwt-bearer", this.keys.digest(assertion.getTokenValue())),
				assertion.getExpiresAt());
	}

	private String key(ClientRegistration registration, String grant, String digest) {
		return RegistrationKeys.append(RegistrationKeys.append(this.keys.registrationKey(registration), grant), digest);
	}

	/**
	 * Returns the cached token, or loads one with the loader, once per key however many callers
	 * ask at the same time. A user's token that expires within a second is not worth caching
	 * for: the loader is called directly, and the issuer decides.
	 * @throws RuntimeException the loader's own exception, as Spring's failure handling expects
	 */
	OAuth2AccessTokenResponse get(ClientRegistration registration, Subject subject,
			ClientCredentialsTokens.ResponseLoader loader) {
		if (!subject.worthCaching(this.clock.instant())) {
			return loader.load();
		}
		String token = TokenResponses.unwrap(
				() -> this.cache.get(subject.key(), (key) -> lifetime(loader.load(), registration, subject.notAfter())));
		return response(subject.key(), token, registration);
	}

	/** The cached token, without loading: the reactive hit path, which must not block. */
	Optional<OAuth2AccessTokenResponse> cached(ClientRegistration registration, Subject subject) {
		if (!subject.worthCaching(this.clock.instant())) {
			return Optional.empty();
		}
		return this.cache.get(subject.key()).map((token) -> response(subject.key(), token, registration));
	}

	/**
	 * Removes the token that a resource server rejected for this user, if Spring's default
	 * resolvers found the user's token in the principal: the authenticated token itself is the
	 * subject token (token exchange) or the assertion (JWT bearer). Other users' tokens stay.
	 * @param registrationId the registration whose client was rejected
	 * @param principal the user whose request was rejected
	 */
	void rejected(String registrationId, @Nullable Authentication principal) {
		ClientRegistration registration = this.registrations.get(registrationId);
		if (principal == null || registration == null
				|| !this.cached.contains(registration.getAuthorizationGrantType())) {
			return;
		}
		AuthorizationGrantType grant = registration.getAuthorizationGrantType();
		Object token = principal.getPrincipal();
		if (AuthorizationGrantType.TOKEN_EXCHANGE.equals(grant) && token instanceof OAuth2Token subject) {
			this.cache.invalidate(exchange(registration, subject, null).key());
		}
		else if (AuthorizationGrantType.JWT_BEARER.equals(grant) && token instanceof OAuth2Token assertion) {
			this.cache.invalidate(jwtBearer(registration, assertion).key());
		}
	}

	/**
	 * The token's own lifetime, as for client credentials (see {@link TokenLifetimes}), cut to
	 * what is left of the user's token less {@link #USER_TOKEN_MARGIN}.
	 */
	private AccessToken lifetime(OAuth2AccessTokenResponse response, ClientRegistration registration,
			@Nullable Instant notAfter) {
		OAuth2AccessToken token = response.getAccessToken();
		Duration left = this.lifetimes.expiresIn(token, registration.getRegistrationId());
		if (notAfter != null) {
			Duration userLeft = Duration.between(this.clock.instant(), notAfter).minus(USER_TOKEN_MARGIN);
			left = (userLeft.compareTo(left) < 0) ? userLeft : left;
		}
		// At least a millisecond: the user's token may have run out while the issuer answered,
		// and a load must not fail (and back the key off) for that.
		return new AccessToken(token.getTokenValue(), (left.toMillis() > 0) ? left : Duration.ofMillis(1));
	}

	private OAuth2AccessTokenResponse response(String key, String token, ClientRegistration registration) {
		Instant expiresAt = this.cache.describe(key).map(TokenEntryInfo::expiresAt).orElseGet(this.clock::instant);
		Set<String> scopes = registration.getScopes();
		return TokenResponses.bearer(token, (scopes != null) ? scopes : Set.of(), expiresAt, this.clock);
	}

	private static @Nullable Instant earliest(@Nullable Instant first, @Nullable Instant second) {
		if (first == null) {
			return second;
		}
		return (second == null || first.isBefore(second)) ? first : second;
	}

	@Override
	public String toString() {
		return "DelegatedTokens[cached=" + this.cached + "]";
	}

	/**
	 * What one request's token is cached under.
	 * @param key the cache key, holding only a digest of the user's tokens
	 * @param notAfter when the user's token expires, if it says
	 */
	record Subject(String key, @Nullable Instant notAfter) {

		boolean worthCaching(Instant now) {
			return this.notAfter == null || this.notAfter.isAfter(now.plus(SHORTEST));
		}

	}

}
