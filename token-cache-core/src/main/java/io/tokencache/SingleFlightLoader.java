package io.tokencache;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Loads the tokens of {@code get(key, loader)}, one load per key at a time: on a miss, and ahead
 * of the refresh point. The caller that installs a key's {@link Load} starts the loader on the
 * executor; it and every later caller of the key wait for it through the {@link LoadWaiter}. A
 * refresh-ahead load is installed the same way, so that a caller that reaches the refresh point
 * while it runs joins it. No lock is held across a load: callers of other keys never wait. A
 * hit never reaches this class.
 */
final class SingleFlightLoader {

	private static final System.Logger logger = System.getLogger(TokenCache.class.getName());

	/** A load overtaken this many times in a row stores and serves its last token anyway. */
	static final int MAXIMUM_ATTEMPTS = 5;

	/** One future per key being loaded; its owner runs the loader, the others wait on it. */
	private final ConcurrentHashMap<String, Load> loads = new ConcurrentHashMap<>();

	/** Where loaded tokens are stored, and looked up again. */
	private final DefaultTokenCache cache;

	private final Executor executor;

	private final LoadDecorator decorator;

	private final LoaderCalls loaderCalls;

	private final Backoffs backoffs;

	private final LoadWaiter waiter;

	private final StaleTokenFallback fallback;

	private final @Nullable SharedTier tier;

	private final LongAdder refreshes = new LongAdder();

	private final LongAdder backoffCount = new LongAdder();

	SingleFlightLoader(DefaultTokenCache cache, Executor executor, LoadDecorator decorator, LoaderCalls loaderCalls,
			Backoffs backoffs, LoadWaiter waiter, StaleTokenFallback fallback, @Nullable SharedTier tier) {
		this.cache = cache;
		this.tier = tier;
		this.executor = executor;
		this.decorator = decorator;
		this.loaderCalls = loaderCalls;
		this.backoffs = backoffs;
		this.waiter = waiter;
		this.fallback = fallback;
	}

	/**
	 * Starts a background load for a token in its refresh-ahead window, unless a load of the key
	 * is running or the key is backing off after a failure. The caller does not wait for it.
	 */
	void refresh(String key, TokenLoader loader, Entry entry, long now) {
		if (this.loads.containsKey(key) || this.backoffs.waiting(key, now) != null || !this.cache.isOpen()) {
			return;
		}
		Load mine = new Load();
		if (this.loads.putIfAbsent(key, mine) == null) {
			try {
				this.refreshes.increment();
				start(key, loader, mine, entry);
			}
			catch (Throwable ex) {
				abandon(key, mine, ex);
				throw ex;
			}
		}
	}

	/**
	 * Single flight: the caller that installs a {@link Load} starts the loader on the executor;
	 * it and later callers of the key wait for it, each for at most the load timeout. A new owner
	 * checks the map again after installing its load, since a previous load may have stored a
	 * token after this caller missed. A caller joins a load only if the load's outcome is decided
	 * after it asked: otherwise it could be handed a token that was stored, and perhaps
	 * invalidated, before it asked. So a load that has reached its decision, or that found a
	 * cached token, sends its waiters back to look again.
	 */
	String load(String key, TokenLoader loader) {
		Load mine = new Load();
		while (true) {
			Load running = this.loads.putIfAbsent(key, mine);
			boolean joined = (running == null);
			if (running == null) {
				String decided = own(key, loader, mine);
				if (decided != null) {
					return decided;
				}
				running = mine;
			}
			else {
				joined = !running.deciding;
			}
			String token = this.waiter.await(key, running, joined);
			if (token != null) {
				return token;
			}
			Entry entry = this.cache.usableEntry(key);
			if (entry != null) {
				return entry.token;
			}
		}
	}

	/**
	 * Decides at once if a token was stored meanwhile or the key is backing off; otherwise starts
	 * the load.
	 * @return the token decided at once, or {@code null} if the load was started
	 */
	private @Nullable String own(String key, TokenLoader loader, Load mine) {
		try {
			return decideOrStart(key, loader, mine);
		}
		catch (Throwable ex) {
			// Whatever threw (the clock, the backoff bookkeeping, the stale fallback, the executor), the key must not stay taken.
			abandon(key, mine, ex);
			throw ex;
		}
	}

	private @Nullable String decideOrStart(String key, TokenLoader loader, Load mine) {
		Entry cached = this.cache.usableEntry(key);
		if (cached != null) {
			this.loads.remove(key, mine);
			mine.complete(null);
			return cached.token;
		}
		long now = this.cache.now();
		Backoffs.Failure failure = this.backoffs.waiting(key, now);
		if (failure == null) {
			start(key, loader, mine, null);
			return null;
		}
		this.backoffCount.increment();
		long nextTryMillis = Math.max(1, (failure.retryAt() - now) / 1_000_000);
		decide(key, mine, () -> this.fallback.staleOrThrow(key, failure.cause(),
				"Not loading a token for key '" + key + "': backing off after " + failure.count()
						+ " failed load(s) in a row, next try in " + nextTryMillis + "ms",
				Level.DEBUG));
		return this.waiter.await(key, mine, true);
	}

	/**
	 * Hands the load, through the decorator, to the executor. The decorator runs here, on the
	 * thread that starts the load, so that it can capture that thread's context.
	 * @param refreshed the usable token a refresh-ahead load replaces, or {@code null} for a load
	 * after a miss
	 */
	private void start(String key, TokenLoader loader, Load mine, @Nullable Entry refreshed) {
		try {
			TokenLoader decorated = Objects.requireNonNull(this.decorator.decorate(key, loader, refreshed != null),
					"LoadDecorator returned null");
			this.executor.execute(() -> runLoad(key, decorated, mine, refreshed));
		}
		catch (RuntimeException ex) {
			// Usually a RejectedExecutionException, else the decorator's; the load must be decided, or its key stays stuck.
			decide(key, mine,
					() -> this.fallback.staleOrThrow(key, ex, "Failed to start loading a token for key '" + key + "'"));
			logger.log(Level.DEBUG, () -> "Could not start the token load for key '" + key + "'");
		}
		catch (Error error) {
			// As an OutOfMemoryError when no thread can be started: the key is free again, then the starter gets it.
			abandon(key, mine, error);
			throw error;
		}
	}

	/**
	 * Runs on the executor: calls the loader, or the shared tier around it, then decides the
	 * load's outcome for its waiters. Whatever throws on the way (the loader, the stats recorders, the clock, the backoff
	 * bookkeeping, the stale fallback, the publication) decides the load with that throwable, so
	 * that its waiters are released with it and the next call of the key loads again.
	 */
	private void runLoad(String key, TokenLoader loader, Load mine, @Nullable Entry refreshed) {
		try {
			loadAndDecide(key, loader, mine, refreshed);
		}
		catch (Throwable ex) {
			abandon(key, mine, ex);
			throw ex;
		}
	}

	/**
	 * A load that the tier overtook (a drop of the key arrived while it ran) asks the tier again
	 * instead of serving what it read, up to {@value #MAXIMUM_ATTEMPTS} times.
	 */
	private void loadAndDecide(String key, TokenLoader loader, Load mine, @Nullable Entry refreshed) {
		for (int attempt = 1;; attempt++) {
			int seen = mine.overtakes.get();
			AccessToken loaded;
			try {
				loaded = this.loaderCalls.call(key, through(loader, refreshed));
			}
			catch (Exception failure) {
				this.backoffs.failed(key, failure, this.cache.now());
				decide(key, mine,
						() -> this.fallback.staleOrThrow(key, failure, "Failed to load a token for key '" + key + "'"));
				return;
			}
			catch (Throwable error) {
				// Not a load failure: no count, no backoff, no stale token; every waiter gets the error itself.
				// Logged only once the key is free, so that a logger that throws cannot keep it taken.
				abandon(key, mine, error);
				logger.log(Level.ERROR, () -> "Token load for key '" + key + "' threw " + error.getClass().getName());
				return;
			}
			this.backoffs.reset(key);
			boolean last = attempt == MAXIMUM_ATTEMPTS;
			if ((last || mine.overtakes.get() == seen) && publish(key, loaded, refreshed, mine, last ? -1 : seen)) {
				return;
			}
		}
	}

	/** The loader itself, or with a shared tier the tier's load around it. */
	private TokenLoader through(TokenLoader loader, @Nullable Entry refreshed) {
		SharedTier tier = this.tier;
		if (tier == null) {
			return loader;
		}
		String held = (refreshed != null) ? refreshed.token : null;
		return (k) -> tier.load(k, loader, held);
	}

	/**
	 * Stores the loaded token and hands it to the waiters, unless a drop overtook the load after
	 * it was stored: then it takes the token back, since the drop may have missed it. A drop
	 * counts the overtake before it removes the entry, so either this check sees it or the drop
	 * removes what was stored here.
	 * @param seen the overtakes seen when the load started, or -1 to store whatever happened
	 * @return whether the load is decided; {@code false} means ask the tier again
	 */
	private boolean publish(String key, AccessToken loaded, @Nullable Entry refreshed, Load mine, int seen) {
		mine.deciding = true;
		Entry kept;
		try {
			kept = this.cache.publish(key, loaded, refreshed);
		}
		catch (Throwable ex) {
			abandon(key, mine, ex);
			return true;
		}
		if (seen >= 0 && kept != null && mine.overtakes.get() != seen) {
			this.cache.unpublish(key, kept);
			return false;
		}
		this.loads.remove(key, mine);
		mine.complete((kept != null) ? kept.token : loaded.value());
		return true;
	}

	/**
	 * Discards the outcome of the key's load in progress, if any: called by a drop from the
	 * shared tier before it removes the key's entry.
	 */
	void overtake(String key) {
		Load running = this.loads.get(key);
		if (running != null) {
			running.overtakes.incrementAndGet();
		}
	}

	/** Discards the outcome of every load in progress, as {@link #overtake(String)} does. */
	void overtakeAll() {
		this.loads.values().forEach((running) -> running.overtakes.incrementAndGet());
	}

	/**
	 * Marks the load as deciding before the read or write that decides it, retires it, and only
	 * then hands the outcome to its waiters, so that a waiter that looks again does not find it.
	 */
	private void decide(String key, Load mine, Supplier<String> outcome) {
		mine.deciding = true;
		String token;
		try {
			token = outcome.get();
		}
		catch (Throwable ex) {
			abandon(key, mine, ex);
			return;
		}
		this.loads.remove(key, mine);
		mine.complete(token);
	}

	/**
	 * Decides the load with a throwable, if it is not decided yet: retires it and releases its
	 * waiters with the throwable, so that the next call of the key starts a new load.
	 */
	private void abandon(String key, Load mine, Throwable failure) {
		mine.deciding = true;
		this.loads.remove(key, mine);
		mine.completeExceptionally(failure);
	}

	/**
	 * Decides every load in progress with a {@link TokenLoadException}, when the cache closes:
	 * its waiters are released now rather than when a load on the application's own executor
	 * ends, since the deadlines that would release them stop with the cache. A load still running
	 * stores nothing in the closed cache.
	 */
	void abandonAll() {
		this.loads.forEach((key, running) -> abandon(key, running,
				new TokenLoadException("The cache was closed while loading the token of key '" + key + "'", null)));
	}

	/** Whether a load of the key is in progress. */
	boolean isLoading(String key) {
		return this.loads.containsKey(key);
	}

	/** Refresh-ahead loads started. */
	long refreshCount() {
		return this.refreshes.sum();
	}

	/** Callers answered without a loader call because their key was backing off. */
	long backoffCount() {
		return this.backoffCount.sum();
	}

}
