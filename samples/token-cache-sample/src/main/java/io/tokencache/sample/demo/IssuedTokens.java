package io.tokencache.sample.demo;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tokens the demo identity provider has issued, so that the demo API can check the tokens it
 * receives and the sample can show how few it needed.
 */
final class IssuedTokens {

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private final SecureRandom random = new SecureRandom();

	private final Map<String, Grant> grants = new ConcurrentHashMap<>();

	private final AtomicLong issued = new AtomicLong();

	private final Clock clock;

	IssuedTokens(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Issues a random token.
	 * @param clientId the client it is issued to
	 * @param lifetime how long it is valid
	 * @return the token value
	 */
	String issue(String clientId, Duration lifetime) {
		Instant now = this.clock.instant();
		// Forget expired tokens here rather than on a timer: a demo issues few.
		this.grants.values().removeIf((grant) -> !grant.expiresAt().isAfter(now));
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		String token = "demo-" + ENCODER.encodeToString(bytes);
		this.grants.put(token, new Grant(this.issued.incrementAndGet(), clientId, now.plus(lifetime)));
		return token;
	}

	/**
	 * Finds the grant of a token that was issued and has not expired or been revoked.
	 * @param token the token value
	 * @return its grant, or empty
	 */
	Optional<Grant> find(String token) {
		Grant grant = this.grants.get(token);
		return (grant != null && grant.expiresAt().isAfter(this.clock.instant())) ? Optional.of(grant)
				: Optional.empty();
	}

	void revokeAll() {
		this.grants.clear();
	}

	long issuedCount() {
		return this.issued.get();
	}

	Duration timeLeft(Grant grant) {
		return Duration.between(this.clock.instant(), grant.expiresAt());
	}

	/**
	 * What the issuer knows about one token.
	 *
	 * @param serial 1 for the first token issued, 2 for the second, and so on
	 * @param clientId the client it was issued to
	 * @param expiresAt when it expires
	 */
	record Grant(long serial, String clientId, Instant expiresAt) {

	}

}
