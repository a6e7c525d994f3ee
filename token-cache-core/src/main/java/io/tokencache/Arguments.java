package io.tokencache;

import java.time.Duration;
import java.util.Objects;

/**
 * Argument checks shared by the cache, its builder and {@link AccessToken}. Messages name the
 * argument and never include a token value.
 */
final class Arguments {

	private Arguments() {
	}

	static String checkKey(String key) {
		return Objects.requireNonNull(key, "key");
	}

	static String checkToken(String token, String name) {
		Objects.requireNonNull(token, name);
		if (token.isBlank()) {
			throw new IllegalArgumentException(name + " must not be blank");
		}
		return token;
	}

	static Duration checkTtl(Duration ttl, String name) {
		Objects.requireNonNull(ttl, name);
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException(name + " must be positive but was " + ttl);
		}
		return ttl;
	}

	static Duration checkNotNegative(Duration duration, String name) {
		Objects.requireNonNull(duration, name);
		if (duration.isNegative()) {
			throw new IllegalArgumentException(name + " must not be negative but was " + duration);
		}
		return duration;
	}

	/** Converts without overflow: anything longer than about 292 years is "forever". */
	static long saturatedNanos(Duration duration) {
		return (duration.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L) ? Long.MAX_VALUE : duration.toNanos();
	}

	static long saturatedAdd(long time, long nanos) {
		long sum = time + nanos;
		return (sum < time) ? Long.MAX_VALUE : sum;
	}

}
