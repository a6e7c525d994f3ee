package io.tokencache.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The tier's Redis operations, each under {@link RedisCalls}' deadline. A token is stored as
 * {@code <refresh buffer in ms>:<sealed token>} with a PX of its remaining real lifetime, so
 * that every instance reads the same expiry from the key's PTTL, without comparing wall
 * clocks, and a read never extends it.
 */
final class SharedTokens {

	/** GET and PTTL in one atomic step: the lifetime read belongs to the value read. */
	private static final RedisScript<List> READ = RedisScript.of("""
			local value = redis.call('GET', KEYS[1])
			if not value then return false end
			return {value, redis.call('PTTL', KEYS[1])}
			""", List.class);

	/** Deletes the lock only if this instance still owns it: its lease may have lapsed. */
	private static final RedisScript<Long> UNLOCK = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
			return 0
			""", Long.class);

	/** Lifetimes beyond this are stored without expiry; Redis cannot take a PX near Long.MAX_VALUE. */
	private static final Duration FOREVER = Duration.ofDays(365L * 100);

	private static final int SCAN_BATCH = 500;

	private final StringRedisTemplate redis;

	private final RedisCalls calls;

	private final TokenCipher cipher;

	private final String prefix;

	SharedTokens(StringRedisTemplate redis, RedisCalls calls, TokenCipher cipher, String prefix) {
		this.redis = redis;
		this.calls = calls;
		this.cipher = cipher;
		this.prefix = prefix;
	}

	String channel() {
		return this.prefix + "events";
	}

	/**
	 * Reads the shared token.
	 * @return the token, or {@code null} if there is none or it cannot be opened
	 */
	@Nullable SharedToken read(String key) {
		String redisKey = tokenKey(key);
		List<?> reply = this.calls.call(() -> this.redis.execute(READ, List.of(redisKey)));
		if (reply == null || reply.size() != 2 || !(reply.get(0) instanceof String stored)
				|| !(reply.get(1) instanceof Long pttl) || pttl == -2) {
			return null;
		}
		int colon = stored.indexOf(':');
		long bufferMillis;
		try {
			bufferMillis = (colon < 1) ? -1 : Long.parseLong(stored.substring(0, colon));
		}
		catch (NumberFormatException ex) {
			bufferMillis = -1;
		}
		if (bufferMillis < 0) {
			throw new UndecryptableTokenException(key);
		}
		String token = this.cipher.open(stored.substring(colon + 1), redisKey);
		if (token == null) {
			throw new UndecryptableTokenException(key);
		}
		Duration remaining = (pttl == -1) ? FOREVER : Duration.ofMillis(pttl);
		return new SharedToken(token, remaining, Duration.ofMillis(bufferMillis));
	}

	/**
	 * Stores a token with a PX of its lifetime.
	 * @param refreshBuffer the buffer the writing instance applies to it
	 */
	void write(String key, String token, Duration lifetime, Duration refreshBuffer) {
		String redisKey = tokenKey(key);
		long bufferMillis = Math.min(refreshBuffer.toMillis(), lifetime.dividedBy(2).toMillis());
		String stored = bufferMillis + ":" + this.cipher.seal(token, redisKey);
		this.calls.call(() -> {
			if (lifetime.compareTo(FOREVER) >= 0) {
				this.redis.opsForValue().set(redisKey, stored);
			}
			else {
				this.redis.opsForValue().set(redisKey, stored, Duration.ofMillis(Math.max(1, lifetime.toMillis())));
			}
			return null;
		});
	}

	void delete(String key) {
		this.calls.call(() -> this.redis.delete(tokenKey(key)));
	}

	/**
	 * Deletes every token under the prefix, by SCAN, so that Redis is never blocked by KEYS.
	 * Each batch is an operation of its own, under its own deadline, so that a large keyspace
	 * does not make the whole clear time out.
	 */
	void deleteAll() {
		ScanOptions options = ScanOptions.scanOptions().match(glob(this.prefix) + "token:*").count(SCAN_BATCH).build();
		Cursor<String> cursor = this.calls.call(() -> this.redis.scan(options));
		try {
			List<String> batch = new ArrayList<>();
			while (this.calls.call(cursor::hasNext)) {
				batch.add(cursor.next());
				if (batch.size() == SCAN_BATCH) {
					deleteBatch(batch);
				}
			}
			deleteBatch(batch);
		}
		finally {
			cursor.close();
		}
	}

	private void deleteBatch(List<String> batch) {
		if (!batch.isEmpty()) {
			List<String> keys = List.copyOf(batch);
			this.calls.call(() -> this.redis.delete(keys));
			batch.clear();
		}
	}

	boolean tryLock(String key, String owner, Duration lease) {
		return Boolean.TRUE
			.equals(this.calls.call(() -> this.redis.opsForValue().setIfAbsent(lockKey(key), owner, lease)));
	}

	void unlock(String key, String owner) {
		this.calls.call(() -> this.redis.execute(UNLOCK, List.of(lockKey(key)), owner));
	}

	void publish(String message) {
		this.calls.call(() -> this.redis.convertAndSend(channel(), message));
	}

	void ping() {
		ping(Duration.ZERO);
	}

	/** Pings with at least the given deadline: the first operation also connects. */
	void ping(Duration timeout) {
		String pong = this.calls.call(() -> this.redis.execute((connection) -> connection.ping(), true), timeout);
		if (!Objects.equals(pong, "PONG")) {
			throw new RedisUnavailableException("PING answered " + pong, null);
		}
	}

	private String tokenKey(String key) {
		return this.prefix + "token:" + key;
	}

	private String lockKey(String key) {
		return this.prefix + "lock:" + key;
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

}
