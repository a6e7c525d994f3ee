package io.tokencache.security;

import java.time.Duration;

import io.tokencache.redis.TokenCacheRedisProperties;

/**
 * The Redis tier's lock lease may lapse while the starter's own OAuth2 client still loads a
 * token. {@link LockLeaseTooShortFailureAnalyzer} turns it into a start-up report.
 */
final class LockLeaseTooShortException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String action;

	private LockLeaseTooShortException(String description, String action) {
		super(description);
		this.action = action;
	}

	String action() {
		return this.action;
	}

	/**
	 * @param requestTimeout {@code token-cache.oauth2-client.request-timeout}
	 * @param redis the Redis tier's properties
	 * @param longestLoad how long a load of the starter's client may hold the lock
	 */
	static LockLeaseTooShortException of(Duration requestTimeout, TokenCacheRedisProperties redis,
			Duration longestLoad) {
		return new LockLeaseTooShortException("token-cache.redis.lock-lease (" + text(redis.getLockLease())
				+ ") must be longer than the " + text(longestLoad) + " for which a token load of the starter's OAuth2 "
				+ "client may hold the Redis tier's lock: token-cache.oauth2-client.request-timeout ("
				+ text(requestTimeout) + ") to connect and as long again for the answer, and "
				+ "token-cache.redis.timeout (" + text(redis.getTimeout()) + ") for the Redis read before the request "
				+ "and as long again for the write after it. A lease that lapses during a load lets another instance request a token too.",
				"Raise token-cache.redis.lock-lease above " + text(longestLoad) + " (default 30s), or lower "
						+ "token-cache.oauth2-client.request-timeout (default 10s) so that twice it plus twice "
						+ "token-cache.redis.timeout is shorter than the lease.");
	}

	/** A duration as configuration writes it: {@code 10s}, {@code 500ms}. */
	private static String text(Duration duration) {
		return (duration.toMillisPart() != 0 || duration.toSeconds() == 0) ? duration.toMillis() + "ms"
				: duration.toSeconds() + "s";
	}

}
