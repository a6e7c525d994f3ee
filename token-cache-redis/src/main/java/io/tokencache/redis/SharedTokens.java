package io.tokencache.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import io.tokencache.AccessToken;
import org.jspecify.annotations.Nullable;

import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The tier's Redis operations, each a command of the client's reactive API under
 * {@link RedisCalls}' deadline.
 * <p>
 * A token is stored sealed by the {@link TokenCipher} as
 * {@code <expires at, epoch ms>:<refresh buffer, ms>:<token>}, bound to its Redis key, with a
 * PX of its remaining lifetime. A reader takes the shorter of the PTTL and the sealed expiry,
 * so that a value written back after its time (a restore, a failover that lost a {@code DEL}),
 * even with {@code PERSIST}, is missing; the PTTL keeps instances whose wall clocks disagree
 * from serving a token past its real life.
 * <p>
 * Each key has a version. {@code put}, {@code invalidate} and {@code clear} increment it; a
 * load writes only if the version is still the one it read before loading ({@link #WRITE}),
 * so that a load never undoes a put or an invalidation made meanwhile on any instance.
 */
final class SharedTokens {

	/** GET, PTTL and the version in one atomic step: the lifetime and version belong to the value. */
	private static final RedisScript<List> READ = RedisScript.of("""
			local value = redis.call('GET', KEYS[1])
			local version = redis.call('GET', KEYS[2]) or '0'
			if not value then return {false, -2, version} end
			return {value, redis.call('PTTL', KEYS[1]), version}
			""", List.class);

	/** A load's write: only if no put, invalidation or clear bumped the version since it read it. */
	private static final RedisScript<Long> WRITE = RedisScript.of("""
			if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[1] then return 0 end
			if ARGV[3] == '-1' then redis.call('SET', KEYS[1], ARGV[2])
			else redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
			return 1
			""", Long.class);

	/** A put: the token and a new version, so that every load in progress loses. */
	private static final RedisScript<Long> PUT = RedisScript.of("""
			if ARGV[2] == '-1' then redis.call('SET', KEYS[1], ARGV[1])
			else redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
			local version = redis.call('INCR', KEYS[2])
			redis.call('PEXPIRE', KEYS[2], ARGV[3])
			return version
			""", Long.class);

	/** An invalidation, and each key of a clear: no token and a new version. */
	private static final RedisScript<Long> INVALIDATE = RedisScript.of("""
			redis.call('DEL', KEYS[1])
			local version = redis.call('INCR', KEYS[2])
			redis.call('PEXPIRE', KEYS[2], ARGV[1])
			return version
			""", Long.class);

	/** Deletes the lock only if this instance still owns it: its lease may have lapsed. */
	private static final RedisScript<Long> UNLOCK = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
			return 0
			""", Long.class);

	/** Lifetimes beyond this are stored without expiry; Redis cannot take a PX near Long.MAX_VALUE. */
	static final Duration FOREVER = Duration.ofDays(365L * 100);

	/**
	 * How long a version outlives its last change: longer than any load, so that a load never
	 * sees a version vanish and come back with the number it read.
	 */
	private static final Duration VERSION_LIFETIME = Duration.ofDays(2);

	private static final int SCAN_BATCH = 500;

	private final ReactiveStringRedisTemplate redis;

	private final RedisCalls calls;

	private final TokenCipher cipher;

	private final KeyNames names;

	private final Clock clock;

	SharedTokens(ReactiveStringRedisTemplate redis, RedisCalls calls, TokenCipher cipher, KeyNames names, Clock clock) {
		this.redis = redis;
		this.calls = calls;
		this.cipher = cipher;
		this.names = names;
		this.clock = clock;
	}

	KeyNames names() {
		return this.names;
	}

	/**
	 * Reads the shared token of the key and its version.
	 * @return the version, with the token if there is one whose authenticated expiry has not
	 * passed
	 */
	Read read(String key) {
		String id = this.names.id(key);
		String tokenKey = this.names.token(id);
		List<?> reply = this.calls.call(this.redis.execute(READ, List.of(tokenKey, this.names.version(id))).next());
		if (reply == null || reply.size() != 3 || !(reply.get(1) instanceof Long pttl)) {
			return new Read(null, "0", false);
		}
		String version = String.valueOf(reply.get(2));
		if (!(reply.get(0) instanceof String stored) || pttl == -2) {
			return new Read(null, version, false);
		}
		Sealed sealed = Sealed.parse(this.cipher.open(stored, tokenKey));
		if (sealed == null) {
			return new Read(null, version, true);
		}
		long left = sealed.expiresAtMillis() - this.clock.millis();
		if (pttl >= 0) {
			left = Math.min(left, pttl);
		}
		if (left <= 0) {
			return new Read(null, version, false);
		}
		return new Read(new SharedToken(sealed.token(), Duration.ofMillis(left), Duration.ofMillis(sealed.bufferMillis())),
				version, false);
	}

	/**
	 * Stores a loaded token, if the key's version is still the one read before loading.
	 * @return whether it was stored; {@code false} means a put, invalidation or clear won
	 */
	boolean writeIfVersion(String key, String version, AccessToken token, Duration refreshBuffer) {
		String id = this.names.id(key);
		String tokenKey = this.names.token(id);
		String stored = seal(tokenKey, token, refreshBuffer);
		Long written = this.calls.call(this.redis.execute(WRITE, List.of(tokenKey, this.names.version(id)),
				List.of(version, stored, px(token.expiresIn()))).next());
		return Long.valueOf(1).equals(written);
	}

	/** Stores a token put by hand, and bumps the key's version. */
	void put(String key, AccessToken token, Duration refreshBuffer) {
		String id = this.names.id(key);
		String tokenKey = this.names.token(id);
		String stored = seal(tokenKey, token, refreshBuffer);
		Duration versionLifetime = (token.expiresIn().compareTo(VERSION_LIFETIME) > 0) ? token.expiresIn()
				: VERSION_LIFETIME;
		this.calls.call(this.redis.execute(PUT, List.of(tokenKey, this.names.version(id)), List.of(stored,
				px(token.expiresIn()), String.valueOf(Math.min(versionLifetime.toMillis(), FOREVER.toMillis()))))
			.next());
	}

	/** Deletes the key's token and bumps its version. */
	void invalidate(String key) {
		invalidateId(this.names.id(key));
	}

	private void invalidateId(String id) {
		this.calls.call(this.redis.execute(INVALIDATE, List.of(this.names.token(id), this.names.version(id)),
				List.of(String.valueOf(VERSION_LIFETIME.toMillis())))
			.next());
	}

	/**
	 * Invalidates every key that has a token, lock or version under the prefix, found by SCAN so
	 * that Redis is never blocked by KEYS. On a cluster the client's SCAN visits every primary
	 * in turn. The scan as a whole has one deadline; each key found is then an operation of its
	 * own, under its own.
	 */
	void clear() {
		ScanOptions options = ScanOptions.scanOptions().match(this.names.pattern()).count(SCAN_BATCH).build();
		Set<String> ids = this.calls
			.call(this.redis.scan(options).mapNotNull(this.names::idOf).collect(Collectors.toCollection(LinkedHashSet::new)));
		if (ids != null) {
			ids.forEach(this::invalidateId);
		}
	}

	boolean tryLock(String key, String owner, Duration lease) {
		String lock = this.names.lock(this.names.id(key));
		return Boolean.TRUE.equals(this.calls.call(this.redis.opsForValue().setIfAbsent(lock, owner, lease)));
	}

	void unlock(String key, String owner) {
		String lock = this.names.lock(this.names.id(key));
		this.calls.call(this.redis.execute(UNLOCK, List.of(lock), List.of(owner)).next());
	}

	void publish(TierMessage message) {
		this.calls.call(this.redis.convertAndSend(this.names.channel(), message.encode()));
	}

	/** Publishes without waiting: the returned operation fails at the tier's timeout. */
	Mono<Long> publishAsync(TierMessage message) {
		return this.calls.async(this.redis.convertAndSend(this.names.channel(), message.encode()));
	}

	void ping() {
		ping(Duration.ZERO);
	}

	/** Pings with at least the given deadline: the first operation also connects. */
	void ping(Duration timeout) {
		String pong = this.calls.call(this.redis.execute((connection) -> connection.ping()).next(), timeout);
		if (!Objects.equals(pong, "PONG")) {
			throw new RedisUnavailableException("PING answered " + pong, null);
		}
	}

	private String seal(String tokenKey, AccessToken token, Duration refreshBuffer) {
		Duration lifetime = token.expiresIn();
		long bufferMillis = Math.min(refreshBuffer.toMillis(), lifetime.dividedBy(2).toMillis());
		long expiresAt = (lifetime.compareTo(FOREVER) >= 0) ? Long.MAX_VALUE
				: this.clock.millis() + lifetime.toMillis();
		return this.cipher.seal(expiresAt + ":" + bufferMillis + ":" + token.value(), tokenKey);
	}

	private static String px(Duration lifetime) {
		return (lifetime.compareTo(FOREVER) >= 0) ? "-1" : String.valueOf(Math.max(1, lifetime.toMillis()));
	}

	/** Escapes the characters that SCAN's MATCH pattern gives a meaning. */
	static String glob(String literal) {
		StringBuilder escaped = new StringBuilder(literal.length());
		for (char c : literal.toCharArray()) {
			if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

	/**
	 * What a reader found.
	 * @param token the usable-or-not token whose authenticated expiry has not passed, or
	 * {@code null}
	 * @param version the key's version, {@code "0"} before its first change
	 * @param undecryptable whether a value was there that this instance cannot open
	 */
	record Read(@Nullable SharedToken token, String version, boolean undecryptable) {

	}

	/** The opened plain text: expiry, buffer and token. */
	private record Sealed(long expiresAtMillis, long bufferMillis, String token) {

		static @Nullable Sealed parse(@Nullable String plain) {
			if (plain == null) {
				return null;
			}
			int first = plain.indexOf(':');
			int second = (first < 1) ? -1 : plain.indexOf(':', first + 1);
			if (second < 0) {
				return null;
			}
			try {
				long expiresAt = Long.parseLong(plain.substring(0, first));
				long buffer = Long.parseLong(plain.substring(first + 1, second));
				return (buffer < 0) ? null : new Sealed(expiresAt, buffer, plain.substring(second + 1));
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}

		@Override
		public String toString() {
			return "Sealed[token=<redacted>]";
		}

	}

}
