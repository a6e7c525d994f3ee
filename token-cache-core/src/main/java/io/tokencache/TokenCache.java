package io.tokencache;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A cache of access tokens, one per key, that hands a token out only while it is comfortably
 * valid and loads each missing token once, however many callers ask at the same time.
 *
 * <p>A token put with lifetime {@code T} and refresh buffer {@code B} is returned until
 * {@code T - min(B, T/2)} has passed, then the cache treats it as missing. It is kept until
 * {@code T} has passed, so that {@link #get(String, TokenLoader)} can still serve it while a
 * refresh fails. Entries past {@code T} are removed in the background whether or not they are
 * read again.
 *
 * <p>All methods are thread-safe. Token values never appear in {@code toString()}, exception
 * messages or log output.
 *
 * @see #builder()
 */
public interface TokenCache extends AutoCloseable {

	/** The refresh buffer used when none is given: 5 minutes, as in GeminiEx. */
	Duration DEFAULT_REFRESH_BUFFER = Duration.ofMinutes(5);

	/** The number of entries kept when none is given. */
	long DEFAULT_MAXIMUM_SIZE = 10_000;

	/**
	 * Starts the cache's background work if it is not running: idempotent and safe to call
	 * concurrently. A built cache is already initialised, so this is only needed to reopen a
	 * cache after {@link #close()}.
	 */
	void init();

	/**
	 * Caches a token with the cache's default refresh buffer, replacing any token under the key.
	 * @param key the key; any string, the empty string included
	 * @param token the token; not blank
	 * @param ttl how long the token lives from now; positive. Lifetimes beyond about 292 years
	 * mean "never expires".
	 * @throws NullPointerException if an argument is {@code null}
	 * @throws IllegalArgumentException if {@code token} is blank or {@code ttl} is not positive
	 * @throws IllegalStateException if the cache is closed
	 */
	void put(String key, String token, Duration ttl);

	/**
	 * Caches a token with its own refresh buffer, replacing any token under the key.
	 * @param key the key; any string, the empty string included
	 * @param token the token; not blank
	 * @param ttl how long the token lives from now; positive
	 * @param refreshBuffer how long before expiry to stop returning it; zero or positive, and
	 * capped at half of {@code ttl}
	 * @throws NullPointerException if an argument is {@code null}
	 * @throws IllegalArgumentException if {@code token} is blank, {@code ttl} is not positive or
	 * {@code refreshBuffer} is negative
	 * @throws IllegalStateException if the cache is closed
	 */
	void put(String key, String token, Duration ttl, Duration refreshBuffer);

	/**
	 * Returns the token while it is usable. Never blocks, takes no lock and allocates nothing.
	 * @param key the key
	 * @return the token, or empty if there is none or it has reached its refresh point
	 * @throws NullPointerException if {@code key} is {@code null}
	 */
	Optional<String> get(String key);

	/**
	 * Returns the usable token, or loads one. A hit takes no lock. On a miss the loader runs once
	 * per key at a time, on the cache's executor: every caller of that key waits for it, for at
	 * most the load timeout, and gets the same token or the same failure, while callers of other
	 * keys do not wait. The loaded token is cached with the default refresh buffer, unless a
	 * usable token was put while the loader ran: that token stays, and is returned instead.
	 * <p>Inside the refresh-ahead window before the refresh point, the token is returned at once
	 * and one background load for the key is started; it is single-flight with any miss.
	 * <p>If the load fails, times out or is skipped while the key backs off after a failure, but
	 * the key still holds a token that is not yet expired, that token is returned
	 * (stale-on-error); a failure is still counted. An {@link Error} thrown by the loader is not a
	 * load failure: it is not counted, starts no backoff, is never answered with a stale token,
	 * and reaches every caller waiting for that load as it is, unwrapped.
	 * @param key the key
	 * @param loader called on a miss
	 * @return the token
	 * @throws NullPointerException if an argument is {@code null}
	 * @throws TokenLoadException if no unexpired token was left and the load failed (the cause is
	 * what the loader threw), timed out (a {@link java.util.concurrent.TimeoutException}), was
	 * skipped during a backoff (the last failure), or the waiting thread was interrupted (its
	 * interrupt flag stays set)
	 * @throws IllegalStateException if the cache is closed, or if called by the loader of the same
	 * key on its own thread, which would wait for itself
	 */
	String get(String key, TokenLoader loader);

	/**
	 * Returns the usable token as {@link #get(String, TokenLoader)} does, but never loads on the
	 * calling thread: inside the refresh-ahead window it returns the token and starts the
	 * background load with the loader, and on a miss it returns empty and starts nothing. Never
	 * blocks, so a reactive pipeline can call it on its event loop and load elsewhere on a miss.
	 * @param key the key
	 * @param loader called by a refresh-ahead load
	 * @return the token, or empty if there is none or it has reached its refresh point
	 * @throws NullPointerException if an argument is {@code null}
	 */
	Optional<String> getIfPresent(String key, TokenLoader loader);

	/**
	 * Removes the token under the key, for example after the resource server rejected it. A
	 * missing key is a no-op.
	 * @param key the key
	 * @throws NullPointerException if {@code key} is {@code null}
	 */
	void invalidate(String key);

	/**
	 * Removes every token, atomically: a concurrent lookup sees all of them or none, never a
	 * cache half cleared.
	 */
	void clear();

	/**
	 * Returns a snapshot of the contents and counters. It scans the entries, so it costs time in
	 * proportion to the size: call it for monitoring, not per request, and read
	 * {@link #counters()} and {@link #estimatedSize()} where the contents are not needed, as
	 * meters do. The keys are those of one instant: puts and invalidations wait while they are
	 * read, lookups do not.
	 * @return the statistics
	 */
	TokenCacheStats stats();

	/**
	 * Returns the cumulative counters. Costs the same however many entries the cache holds,
	 * takes no lock that a put, load or lookup waits for, and does not scan the entries. Each
	 * counter is exact once the operations it counts have returned; counters read while
	 * operations run are not one atomic snapshot, as with {@code LongAdder.sum()}.
	 * @return the counters
	 */
	TokenCacheCounters counters();

	/**
	 * Returns the number of entries held: the usable tokens, plus those past their refresh
	 * point and those past their expiry that the sweep or an eviction has not removed yet. It
	 * costs the same however many entries the cache holds and blocks no writer, so it is what
	 * the {@code cache.size} meter reads; {@link TokenCacheStats#size()} is the exact number of
	 * usable tokens, at the cost of a scan.
	 * @return the number of entries held, at least {@code stats().size()} when nothing changes
	 * in between
	 */
	long estimatedSize();

	/**
	 * Adds a recorder that receives the events from now on, beside the one given to
	 * {@link TokenCacheBuilder#statsRecorder(StatsRecorder)}. For recorders that meet the cache
	 * after it was built, such as Micrometer meters that Spring Boot binds once every bean
	 * exists: that way every cache gets them, whatever code built it. Events before the call are
	 * not replayed; {@link #counters()} counts them. A recorder {@linkplain Object#equals equal}
	 * to one already added is not added again, so that meters bound twice do not count twice.
	 * Adding takes a short lock of its own that no
	 * lookup or load waits for.
	 * @param recorder the recorder
	 * @throws NullPointerException if {@code recorder} is {@code null}
	 */
	void addStatsRecorder(StatsRecorder recorder);

	/**
	 * Describes the usable token under the key, without its value.
	 * @param key the key
	 * @return the description, or empty if {@link #get(String)} would return empty
	 * @throws NullPointerException if {@code key} is {@code null}
	 */
	Optional<TokenEntryInfo> describe(String key);

	/**
	 * Describes every usable token, without values, sorted by key.
	 * @return the descriptions, one per key in {@link TokenCacheStats#keys()}
	 */
	List<TokenEntryInfo> entries();

	/**
	 * Returns the refresh buffer applied when a put or load gives none.
	 * @return the default refresh buffer
	 */
	Duration refreshBuffer();

	/**
	 * Returns the refresh-ahead window that {@code get(key, loader)} refreshes tokens in.
	 * @return the window before each token's refresh point; zero when refresh-ahead is off
	 */
	Duration refreshAhead();

	/**
	 * Returns how long a caller of {@code get(key, loader)} waits for a load at most, the
	 * {@link SharedTier}'s part of the load included.
	 * @return the load timeout
	 */
	Duration loadTimeout();

	/**
	 * Stops the background work and removes every token. A caller waiting for a load gets a
	 * {@link TokenLoadException} at once, and a load that ends later stores nothing. The cache
	 * rejects puts and loads until {@link #init()} reopens it. Idempotent.
	 */
	@Override
	void close();

	/**
	 * Starts building a cache.
	 * @return a builder with the defaults: {@link #DEFAULT_REFRESH_BUFFER},
	 * {@link #DEFAULT_MAXIMUM_SIZE} and {@link TokenCacheBuilder#DEFAULT_SWEEP_INTERVAL}
	 */
	static TokenCacheBuilder builder() {
		return new TokenCacheBuilder();
	}

}
