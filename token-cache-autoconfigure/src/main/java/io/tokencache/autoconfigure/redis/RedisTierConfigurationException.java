package io.tokencache.autoconfigure.redis;

import java.time.Duration;

import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The {@code token-cache.redis.*} properties are valid one by one but not together, or not
 * with the loads they must outlast. {@link RedisTierConfigurationFailureAnalyzer} turns it into
 * a start-up report. Public only so that the OAuth2 client bridge can report a lease that its
 * token requests may outlast.
 */
public final class RedisTierConfigurationException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String action;

	private RedisTierConfigurationException(String description, String action) {
		super(description);
		this.action = action;
	}

	String action() {
		return this.action;
	}

	/** Tokens are bearer credentials, so the tier encrypts them unless told in so many words not to. */
	static RedisTierConfigurationException missingEncryptionKey() {
		return new RedisTierConfigurationException(
				"The token cache's Redis tier is enabled (token-cache.redis.enabled=true) and encrypts tokens in Redis "
						+ "by default, but token-cache.redis.encryption-key is not set.",
				"Set token-cache.redis.encryption-key to the Base64 text of a 16, 24 or 32-byte AES key, the same on "
						+ "every instance (generate one with: openssl rand -base64 32). Or, if Redis is private to "
						+ "this service and access to it is controlled, set token-cache.redis.encrypt=false to store "
						+ "tokens in plain text.");
	}

	/**
	 * Every Redis call of the tier is a command of the reactive API, under a deadline of its own,
	 * so that no thread of the tier waits for Redis; Jedis has no reactive API.
	 */
	static RedisTierConfigurationException notReactive(RedisConnectionFactory connectionFactory) {
		return new RedisTierConfigurationException(
				"The token cache's Redis tier is enabled (token-cache.redis.enabled=true) but the RedisConnectionFactory "
						+ "(" + connectionFactory.getClass().getName() + ") is not a ReactiveRedisConnectionFactory: "
						+ "the tier runs every Redis call on the reactive API, under token-cache.redis.timeout.",
				"Use the Lettuce client, Spring Boot's default: remove the Jedis dependency, or set "
						+ "spring.data.redis.client-type=lettuce, or define a LettuceConnectionFactory bean. Or set "
						+ "token-cache.redis.enabled=false.");
	}

	/** A Redis operation that may take as long as the lock lasts would let the lock lapse under a live holder. */
	static RedisTierConfigurationException timeoutNotBelowLease(TokenCacheRedisProperties properties) {
		return new RedisTierConfigurationException(
				"token-cache.redis.timeout (" + text(properties.getTimeout()) + ") must be shorter than "
						+ "token-cache.redis.lock-lease (" + text(properties.getLockLease()) + ").",
				"Lower token-cache.redis.timeout (default 500ms) or raise token-cache.redis.lock-lease (default 30s).");
	}

	/**
	 * A lease that lapses during a load lets another instance request a token too.
	 * @param requestTimeout {@code token-cache.oauth2-client.request-timeout}
	 * @param properties the tier's properties
	 * @param longestLoad how long a load of the starter's OAuth2 client may hold the lock: twice
	 * the request timeout and twice the Redis timeout
	 * @return the exception to throw
	 */
	public static RedisTierConfigurationException leaseNotLongerThanTokenLoad(Duration requestTimeout,
			TokenCacheRedisProperties properties, Duration longestLoad) {
		return new RedisTierConfigurationException("token-cache.redis.lock-lease (" + text(properties.getLockLease())
				+ ") must be longer than the " + text(longestLoad) + " for which a token load of the starter's OAuth2 "
				+ "client may hold the Redis tier's lock: token-cache.oauth2-client.request-timeout ("
				+ text(requestTimeout) + ") to connect and as long again for the answer, and "
				+ "token-cache.redis.timeout (" + text(properties.getTimeout()) + ") for the Redis read before the "
				+ "request and as long again for the write after it. A lease that lapses during a load lets another "
				+ "instance request a token too.",
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
