package io.tokencache;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A tier of tokens shared by the caches of several processes, such as the instances of one
 * service, that the cache consults as a step of its own load path, as Caffeine consults a
 * {@code CacheLoader}. Plugged in with {@link TokenCacheBuilder#sharedTier(SharedTier)}.
 *
 * <p>A hit never reaches the tier: it stays a read of the local memory. Every load does,
 * whether it follows a miss or runs ahead of the refresh point, and it does so inside the
 * cache's single flight, under its load timeout, backoff and stale-on-error, and counted as a
 * load: a token the tier answers from its store is a successful load here. {@code put},
 * {@code invalidate} and {@code clear} are applied to the tier before or after the local
 * cache as each method says.
 *
 * <p>The tier applies what other processes change through the {@link LocalTokens} view that it
 * is {@linkplain #bind bound} to: dropping a local token also discards any load of that key
 * in progress here, which then asks the tier again, so that a load that read a token just
 * before it was replaced elsewhere does not serve it.
 *
 * <p>Implementations must be thread-safe, and {@code put}, {@code invalidate} and
 * {@code clear} must not throw because the shared store is unreachable: they may record the
 * change and send it when the store answers again.
 */
public interface SharedTier {

	/**
	 * Hands the tier the cache's local view; called once, by
	 * {@link TokenCacheBuilder#build()}, before the cache is returned.
	 * @param local the cache's local tokens
	 * @throws IllegalStateException if the tier is already bound to a cache
	 */
	void bind(LocalTokens local);

	/**
	 * Loads a token through the tier: the shared token if there is a usable one, otherwise the
	 * loader's, which the tier shares. Runs on the cache's load executor, at most once per key
	 * at a time in this cache.
	 * @param key the key
	 * @param loader the caller's loader
	 * @param held the usable token this cache is refreshing ahead of its refresh point, or
	 * {@code null} after a miss: a shared token equal to it is the one being replaced, so the
	 * tier must not answer with it
	 * @return the token and its remaining lifetime
	 * @throws Exception what the loader threw, when it was called and failed
	 */
	AccessToken load(String key, TokenLoader loader, @Nullable String held) throws Exception;

	/**
	 * Shares a token put into the cache; called after the local put.
	 * @param key the key
	 * @param token the token and its lifetime from now
	 * @param refreshBuffer its refresh buffer
	 */
	void put(String key, AccessToken token, Duration refreshBuffer);

	/**
	 * Removes the shared token of the key, so that no cache serves it again; called before the
	 * local token is dropped.
	 * @param key the key
	 */
	void invalidate(String key);

	/** Removes every shared token; called before the local tokens are dropped. */
	void clear();

}
