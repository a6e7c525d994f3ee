package io.tokencache;

import java.time.Duration;
import java.util.Optional;

/**
 * One cached token and its two deadlines, on the cache's monotonic time line.
 *
 * <p>Not a record, so that {@link #toString()} cannot show the token by accident.
 */
final class Entry {

	final String token;

	/** Built once at put time so that a hit on {@code get(key)} allocates nothing. */
	final Optional<String> present;

	/** Up to here {@code get} returns the token. */
	final long refreshAt;

	/** Up to here the token is still valid, and may be served when a refresh fails. */
	final long expiresAt;

	private Entry(String token, long refreshAt, long expiresAt) {
		this.token = token;
		this.present = Optional.of(token);
		this.refreshAt = refreshAt;
		this.expiresAt = expiresAt;
	}

	/**
	 * The usable window ends at {@code now + ttl - min(buffer, ttl / 2)}. Capping the buffer at
	 * half the lifetime means a token shorter than the buffer is still used for half its life,
	 * instead of being dead on arrival and refetched on every call.
	 */
	static Entry create(String token, long now, Duration ttl, Duration refreshBuffer) {
		long ttlNanos = Arguments.saturatedNanos(ttl);
		long bufferNanos = Math.min(Arguments.saturatedNanos(refreshBuffer), ttlNanos / 2);
		long expiresAt = Arguments.saturatedAdd(now, ttlNanos);
		long refreshAt = (expiresAt == Long.MAX_VALUE) ? Long.MAX_VALUE
				: Arguments.saturatedAdd(now, ttlNanos - bufferNanos);
		return new Entry(token, refreshAt, expiresAt);
	}

	boolean isUsable(long now) {
		return now < this.refreshAt;
	}

	boolean isExpired(long now) {
		return now >= this.expiresAt;
	}

	@Override
	public String toString() {
		return "Entry[token=<redacted>, refreshAt=" + this.refreshAt + ", expiresAt=" + this.expiresAt + "]";
	}

}
