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

	/**
	 * Up to here {@code get(key, loader)} returns the token with no further check; from here to
	 * {@link #refreshAt} it returns it too, and starts a background refresh. Equal to
	 * {@code refreshAt} when refresh-ahead is off, so that the hit path is one comparison either way.
	 */
	final long refreshAheadAt;

	/** Up to here {@code get} returns the token. */
	final long refreshAt;

	/** Up to here the token is still valid, and may be served when a refresh fails. */
	final long expiresAt;

	private Entry(String token, long refreshAheadAt, long refreshAt, long expiresAt) {
		this.token = token;
		this.present = Optional.of(token);
		this.refreshAheadAt = refreshAheadAt;
		this.refreshAt = refreshAt;
		this.expiresAt = expiresAt;
	}

	/**
	 * The usable window ends at {@code now + ttl - min(buffer, ttl / 2)}. Capping the buffer at
	 * half the lifetime means a token shorter than the buffer is still used for half its life,
	 * instead of being dead on arrival and refetched on every call.
	 */
	static Entry create(String token, long now, Duration ttl, Duration refreshBuffer) {
		return create(token, now, ttl, refreshBuffer, 0, 0);
	}

	/**
	 * As {@link #create(String, long, Duration, Duration)}, with a refresh-ahead window that
	 * ends at the refresh point. The window is capped at half the usable lifetime, for the same
	 * reason as the buffer: a short token is still served for half its usable life before a
	 * refresh, instead of being refreshed on every call. The refresh starts at a random moment in
	 * the first half of the window, so that instances that loaded at the same moment do not all
	 * call the identity provider at once, and at least half the window is left for the load and
	 * for a retry if it fails.
	 * @param refreshAheadNanos the window's length, zero for none
	 * @param jitter where in the first half of the window the refresh starts, from 0 (its
	 * beginning) to 1 (its middle), exclusive
	 */
	static Entry create(String token, long now, Duration ttl, Duration refreshBuffer, long refreshAheadNanos,
			double jitter) {
		long ttlNanos = Arguments.saturatedNanos(ttl);
		long bufferNanos = Math.min(Arguments.saturatedNanos(refreshBuffer), ttlNanos / 2);
		long expiresAt = Arguments.saturatedAdd(now, ttlNanos);
		if (expiresAt == Long.MAX_VALUE) {
			return new Entry(token, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
		}
		long usableNanos = ttlNanos - bufferNanos;
		long refreshAt = Arguments.saturatedAdd(now, usableNanos);
		long window = Math.min(refreshAheadNanos, usableNanos / 2);
		long refreshAheadAt = refreshAt - window + (long) (window / 2 * jitter);
		return new Entry(token, refreshAheadAt, refreshAt, expiresAt);
	}

	/** Usable and not yet in the refresh-ahead window. */
	boolean isFresh(long now) {
		return now < this.refreshAheadAt;
	}

	boolean isUsable(long now) {
		return now < this.refreshAt;
	}

	boolean isExpired(long now) {
		return now >= this.expiresAt;
	}

	@Override
	public String toString() {
		return "Entry[token=<redacted>, refreshAheadAt=" + this.refreshAheadAt + ", refreshAt=" + this.refreshAt + ", expiresAt=" + this.expiresAt + "]";
	}

}
