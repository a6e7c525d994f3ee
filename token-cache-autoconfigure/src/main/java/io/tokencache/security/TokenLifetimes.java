package io.tokencache.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.json.BasicJsonParser;
import org.springframework.core.log.LogMessage;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * How long to cache an access token: {@code expires_in} when the token response has it, else the
 * {@code exp} claim of a JWT access token, else {@code token-cache.oauth2-client.default-expires-in}.
 * <p>
 * Spring Security gives a token whose response has no {@code expires_in} (or {@code 0}) a
 * lifetime of exactly one second from when the response was read
 * ({@code OAuth2AccessTokenResponse.Builder}), so a lifetime of a second or less is read as "not
 * stated": a real one-second token could not be cached usefully anyway.
 * <p>
 * The {@code exp} claim is read without verifying the token's signature. It only decides how
 * long the cache keeps the token, never whether the token is trusted: the resource server
 * verifies it, and its 401 removes the token from the cache at once. An {@code exp} in the past
 * (a clock apart from the issuer's, or a nonsense claim) is ignored for the default, and one
 * further ahead than {@code token-cache.oauth2-client.max-expires-in} is cut to it.
 */
final class TokenLifetimes {

	private static final Log logger = LogFactory.getLog(TokenLifetimes.class);

	/** What Spring Security states when the response had no lifetime. */
	private static final Duration UNSTATED = Duration.ofSeconds(1);

	private final Duration defaultExpiresIn;

	private final Duration maxExpiresIn;

	private final Clock clock;

	TokenLifetimes(Duration defaultExpiresIn, Duration maxExpiresIn, Clock clock) {
		this.defaultExpiresIn = defaultExpiresIn;
		this.maxExpiresIn = maxExpiresIn;
		this.clock = clock;
	}

	TokenLifetimes(TokenCacheOAuth2ClientProperties properties, Clock clock) {
		this(properties.getDefaultExpiresIn(), properties.getMaxExpiresIn(), clock);
	}

	/**
	 * Returns how long from now to cache the token.
	 * @param token the token as Spring Security read it from the response
	 * @param registrationId the registration, named in the log when the token's own {@code exp}
	 * is unusable
	 * @return a positive duration, or zero or less if {@code expires_in} says the token has
	 * already expired
	 */
	Duration expiresIn(OAuth2AccessToken token, String registrationId) {
		Instant now = this.clock.instant();
		Instant issuedAt = token.getIssuedAt();
		Instant expiresAt = token.getExpiresAt();
		if (issuedAt != null && expiresAt != null && Duration.between(issuedAt, expiresAt).compareTo(UNSTATED) > 0) {
			return Duration.between(now, expiresAt);
		}
		Long exp = jwtExpiry(token.getTokenValue());
		if (exp == null) {
			return this.defaultExpiresIn;
		}
		long nowSeconds = now.getEpochSecond();
		if (exp <= nowSeconds) {
			logger.warn(LogMessage.format("The access token of registration '%s' has no expires_in and its exp claim "
					+ "is in the past (a clock apart from the issuer's?); caching it for "
					+ "token-cache.oauth2-client.default-expires-in (%s)", registrationId, this.defaultExpiresIn));
			return this.defaultExpiresIn;
		}
		// exp is after now, which is after the epoch: the difference cannot overflow.
		if (exp - nowSeconds > this.maxExpiresIn.toSeconds()) {
			return this.maxExpiresIn;
		}
		return Duration.between(now, Instant.ofEpochSecond(exp));
	}

	/**
	 * Returns the {@code exp} claim, in seconds since the epoch, of a signed or unsecured JWT
	 * (three dot-separated parts), or {@code null} if the token is not one, or has no numeric {@code exp}. An encrypted JWT (five
	 * parts) cannot be read and has none. Nothing of the token is logged or put in an exception.
	 */
	static @Nullable Long jwtExpiry(String token) {
		int first = token.indexOf('.');
		int second = (first < 0) ? -1 : token.indexOf('.', first + 1);
		if (second < 0 || token.indexOf('.', second + 1) >= 0) {
			return null;
		}
		try {
			String payload = new String(Base64.getUrlDecoder().decode(token.substring(first + 1, second)),
					StandardCharsets.UTF_8);
			Map<String, Object> claims = new BasicJsonParser().parseMap(payload);
			// A fractional or absurd exp is cut to whole seconds and saturates, and the cap then applies.
			return (claims.get("exp") instanceof Number exp) ? exp.longValue() : null;
		}
		catch (RuntimeException ex) {
			// Not Base64url, not a JSON object: an opaque token that happens to hold two dots.
			return null;
		}
	}

}
