package io.tokencache;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The view of a cache that its {@link SharedTier} uses to apply changes made by other
 * processes. None of these methods calls the tier back.
 */
public interface LocalTokens {

	/**
	 * Drops the local token of the key, as another process replaced or invalidated it, and
	 * discards the outcome of any load of the key in progress here: that load asks the tier
	 * again instead of storing or serving what it read before.
	 * @param key the key
	 */
	void drop(String key);

	/** Drops every local token and discards every load in progress, as {@link #drop} does. */
	void dropAll();

	/**
	 * Returns the keys that hold a token here that has not expired: a usable one, or one past its
	 * refresh point that the cache keeps to serve if a load fails (stale-on-error), since a change
	 * made elsewhere must reach that one too.
	 * @return the keys, sorted
	 */
	List<String> keys();

	/**
	 * Returns the usable token of the key with its remaining lifetime, not counted as a lookup.
	 * @param key the key
	 * @return the token, or {@code null} if the key holds no usable token
	 */
	@Nullable AccessToken held(String key);

	/**
	 * Returns the refresh buffer the cache applies to loaded tokens.
	 * @return the refresh buffer
	 */
	Duration refreshBuffer();

	/**
	 * Runs a task of the tier every {@code interval}, the first after one interval, on the
	 * cache's background thread: the one thread that every open cache of the JVM shares, which
	 * also keeps the caches' clocks moving. The task runs while the cache is open, again after it
	 * is reopened, and until the returned handle is closed. The task must be short and must never
	 * block, since every cache's clock waits behind it: it may start asynchronous work, such as
	 * a call to the shared store, and return, and that work's callbacks must not block either.
	 * An exception it throws is logged, and it runs again at the next interval.
	 * @param task the task
	 * @param interval the delay between the end of one run and the start of the next; positive
	 * @return the handle that cancels the task
	 * @throws NullPointerException if an argument is {@code null}
	 * @throws IllegalArgumentException if the interval is not positive
	 */
	AutoCloseable schedule(Runnable task, Duration interval);

}
