package io.tokencache;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * The {@link TokenCache} that {@link TokenCacheBuilder} builds.
 *
 * <p>Written by hand rather than on Caffeine: a hit here is a volatile read of the JVM's coarse
 * clock and of the map, a field of this object (hence {@code extends Entries}), a map read and
 * a {@link HitCounter} increment, where Caffeine's variable expiry also reads the
 * ticker and maintains its timer wheel and buffers. The target is a hit at least twice as cheap
 * as Caffeine's {@code getIfPresent}; docs/benchmarks.md says how the {@code benchmarks} module
 * measures it.
 *
 * <p>Every operation on tokens is linearizable; {@code LinearizabilityTests} checks it with
 * Lincheck. The counters are exact but not linearizable with them: each is incremented after
 * the operation it counts, outside any lock. A lookup reads the clock before the map, so that a
 * token it returns was usable at a moment when the map held it.
 *
 * <p>The hits of both {@code get} methods are served here, on fields of this object. What lies
 * behind {@code get(key, loader)} on a miss or in the refresh-ahead window is in
 * {@link SingleFlightLoader}, which waits for loads through {@link LoadWaiter}, falls back on a
 * stale token through {@link StaleTokenFallback}, and holds back a failing loader through
 * {@link Backoffs}; this class stores what they load ({@link #publish}).
 */
final class DefaultTokenCache extends Entries implements TokenCache {

	private static final System.Logger logger = System.getLogger(TokenCache.class.getName());

	private final Duration refreshBuffer;

	private final Duration refreshAhead;

	private final long refreshAheadNanos;

	private final Backoffs backoffs;

	/** The executor the cache made itself, which it shuts down on close; null for the user's. */
	private final @Nullable OwnLoadExecutor ownExecutor;

	private final int maximumSize;

	/**
	 * The cache's time: {@link CoarseClock#system()}, or the clock of a custom ticker. Final, so
	 * that the branch in {@link #now()} always goes the same way and is predicted.
	 */
	private final CoarseClock time;

	private final Clock clock;

	private final Background background;

	private final LoaderCalls loaderCalls;

	private final LoadWaiter waiter;

	private final SingleFlightLoader singleFlight;

	/** The shared tier every load, put, invalidation and clear goes through; {@code null} for none. */
	private final @Nullable SharedTier tier;

	private final HitCounter.Table hits = HitCounter.newTable();

	private final LongAdder misses = new LongAdder();

	private final LongAdder evictions = new LongAdder();

	private final LongAdder puts = new LongAdder();

	private volatile boolean open;

	/**
	 * @param time the JVM's coarse clock, or a clock of the cache's own on a custom ticker
	 */
	DefaultTokenCache(Duration refreshBuffer, int maximumSize, Duration sweepInterval, LoadSettings loading,
			CoarseClock time, Clock clock, StatsRecorder[] recorders, @Nullable SharedTier tier) {
		this.refreshBuffer = refreshBuffer;
		this.refreshAhead = loading.refreshAhead();
		this.refreshAheadNanos = Arguments.saturatedNanos(loading.refreshAhead());
		this.backoffs = new Backoffs(loading.backoffInitial(), loading.backoffMax());
		this.ownExecutor = (loading.executor() != null) ? null : new OwnLoadExecutor();
		Executor executor = (this.ownExecutor != null) ? this.ownExecutor : Objects.requireNonNull(loading.executor());
		this.maximumSize = maximumSize;
		this.loaderCalls = new LoaderCalls(time.source(), recorders);
		StaleTokenFallback fallback = new StaleTokenFallback(this);
		this.waiter = new LoadWaiter(loading.loadTimeout(), time, fallback);
		this.singleFlight = new SingleFlightLoader(this, executor, loading.decorator(), this.loaderCalls,
				this.backoffs, this.waiter, fallback, tier);
		this.tier = tier;
		this.time = time;
		this.clock = clock;
		this.background = new Background(Scheduler.shared(), time, this::sweep, sweepInterval);
		init();
	}

	/** Runs a task of the tier on the background thread while the cache is open; see {@link LocalTokens#schedule}. */
	AutoCloseable schedule(Runnable task, Duration interval) {
		return this.background.schedule(task, interval);
	}

	@Override
	public synchronized void init() {
		this.background.start();
		if (this.ownExecutor != null) {
			this.ownExecutor.open();
		}
		this.open = true;
	}

	/**
	 * Stops the background thread, interrupts loads on the cache's own executor, releases every
	 * caller waiting for a load with a {@link TokenLoadException}, and empties the cache.
	 */
	@Override
	public synchronized void close() {
		this.open = false;
		this.singleFlight.abandonAll();
		this.background.stop();
		if (this.ownExecutor != null) {
			this.ownExecutor.shutdown();
		}
		clearEntries();
		this.backoffs.clear();
	}

	@Override
	public void put(String key, String token, Duration ttl) {
		put(key, token, ttl, this.refreshBuffer);
	}

	@Override
	public void put(String key, String token, Duration ttl, Duration refreshBuffer) {
		Arguments.checkKey(key);
		Arguments.checkToken(token, "token");
		Arguments.checkTtl(ttl, "ttl");
		Arguments.checkNotNegative(refreshBuffer, "refreshBuffer");
		checkOpen();
		boolean added = putEntry(key, newEntry(token, now(), ttl, refreshBuffer));
		this.backoffs.reset(key);
		this.puts.increment();
		if (added) {
			evictIfFull();
		}
		if (this.tier != null) {
			this.tier.put(key, new AccessToken(token, ttl), refreshBuffer);
		}
	}

	/**
	 * Both {@code get} methods are kept to a call to the hit and a branch, so that their bytecode
	 * stays under HotSpot's {@code MaxInlineSize} and the JIT inlines them into any caller, even at
	 * a call site it has not seen run often. Keep the hit itself in {@link #usableHit} and
	 * {@link #freshHit}; docs/design.md, "The hit path", shows what a larger body costs.
	 */
	@Override
	public Optional<String> get(String key) {
		Entry entry = usableHit(key);
		return (entry != null) ? entry.present : miss();
	}

	@Override
	public String get(String key, TokenLoader loader) {
		Entry entry = freshHit(key, loader);
		return (entry != null) ? entry.token : getSlowly(key, loader);
	}

	/** The key's entry, counted as a hit, if it is usable now; {@code null} otherwise. */
	private @Nullable Entry usableHit(String key) {
		Arguments.checkKey(key);
		long now = now();
		Entry entry = entry(key);
		if (entry != null && entry.isUsable(now)) {
			HitCounter.increment(this.hits);
			return entry;
		}
		return null;
	}

	private Optional<String> miss() {
		this.misses.increment();
		return Optional.empty();
	}

	/** The key's entry, counted as a hit, if it is fresh now; {@code null} otherwise. Checks both arguments. */
	private @Nullable Entry freshHit(String key, TokenLoader loader) {
		Arguments.checkKey(key);
		Objects.requireNonNull(loader, "loader");
		long now = now();
		Entry entry = entry(key);
		if (entry != null && entry.isFresh(now)) {
			HitCounter.increment(this.hits);
			return entry;
		}
		return null;
	}

	@Override
	public Optional<String> getIfPresent(String key, TokenLoader loader) {
		Entry entry = freshHit(key, loader);
		if (entry == null) {
			entry = usableRefreshing(key, loader);
		}
		return (entry != null) ? entry.present : miss();
	}

	/**
	 * Everything past a fresh hit: a token in its refresh-ahead window, or a miss.
	 */
	private String getSlowly(String key, TokenLoader loader) {
		this.loaderCalls.checkNotLoading(key);
		Entry entry = usableRefreshing(key, loader);
		if (entry != null) {
			return entry.token;
		}
		checkOpen();
		this.misses.increment();
		return this.singleFlight.load(key, loader);
	}

	/**
	 * The key's entry, counted as a hit, if it is usable now, after starting its refresh if it is
	 * in its refresh-ahead window. It reads the time and the entry again, so an entry that a
	 * refresh made fresh meanwhile is served as a hit without starting another refresh.
	 */
	private @Nullable Entry usableRefreshing(String key, TokenLoader loader) {
		long now = now();
		Entry entry = entry(key);
		if (entry == null || !entry.isUsable(now)) {
			return null;
		}
		HitCounter.increment(this.hits);
		if (!entry.isFresh(now)) {
			this.singleFlight.refresh(key, loader, entry, now);
		}
		return entry;
	}

	/**
	 * Stores the loaded token, unless a usable token other than the one being refreshed was put
	 * while the loader ran: that one is at least as fresh, so it stays and is returned instead.
	 * @return the entry kept, or {@code null} if the cache was closed meanwhile and stored nothing
	 */
	@Nullable Entry publish(String key, AccessToken token, @Nullable Entry refreshed) {
		if (!this.open) {
			return null;
		}
		long now = now();
		Entry loaded = newEntry(token.value(), now, token.expiresIn(), this.refreshBuffer);
		Entry kept = putLoadedEntry(key, loaded, refreshed, now);
		if (kept == loaded) {
			this.puts.increment();
			logger.log(Level.DEBUG, () -> "Loaded token for key '" + key + "', expires in " + token.expiresIn());
			evictIfFull();
		}
		return kept;
	}

	/** Takes back what {@link #publish} stored, if the key still holds it. */
	void unpublish(String key, Entry published) {
		removeEntry(key, published);
	}

	/** An entry with the cache's refresh-ahead window, started at a random point in its first half. */
	private Entry newEntry(String token, long now, Duration ttl, Duration refreshBuffer) {
		double jitter = (this.refreshAheadNanos > 0) ? ThreadLocalRandom.current().nextDouble() : 0;
		return Entry.create(token, now, ttl, refreshBuffer, this.refreshAheadNanos, jitter);
	}

	/**
	 * With a shared tier, the tier's token goes first, so that no load that starts after this
	 * returns reads it, and any load of the key running here is overtaken.
	 */
	@Override
	public void invalidate(String key) {
		Arguments.checkKey(key);
		if (this.tier != null) {
			this.tier.invalidate(key);
			this.singleFlight.overtake(key);
		}
		removeEntry(key);
		this.backoffs.reset(key);
	}

	@Override
	public void clear() {
		if (this.tier != null) {
			this.tier.clear();
			this.singleFlight.overtakeAll();
		}
		clearEntries();
		this.backoffs.clear();
	}

	/** Drops a token that the shared tier says was replaced or removed elsewhere. */
	void drop(String key) {
		this.singleFlight.overtake(key);
		removeEntry(key);
		this.backoffs.reset(key);
	}

	/** Drops every token, after the shared tier said another process cleared them. */
	void dropAll() {
		this.singleFlight.overtakeAll();
		clearEntries();
		this.backoffs.clear();
	}

	@Override
	public TokenCacheStats stats() {
		List<String> keys = usableEntries(now()).stream().map(Map.Entry::getKey).toList();
		TokenCacheCounters counters = counters();
		return new TokenCacheStats(keys.size(), keys, counters.hitCount(), counters.missCount(),
				counters.loadSuccessCount(), counters.loadFailureCount(), counters.evictionCount(), counters.putCount(),
				counters.totalLoadSuccessTime(), counters.totalLoadFailureTime(), counters.refreshCount(),
				counters.loadTimeoutCount(), counters.backoffCount());
	}

	@Override
	public TokenCacheCounters counters() {
		return new TokenCacheCounters(HitCounter.sum(this.hits), this.misses.sum(), this.loaderCalls.successCount(),
				this.loaderCalls.failureCount(), this.evictions.sum(), this.puts.sum(), this.loaderCalls.successTime(),
				this.loaderCalls.failureTime(), this.singleFlight.refreshCount(), this.waiter.timeoutCount(),
				this.singleFlight.backoffCount());
	}

	@Override
	public long estimatedSize() {
		return entryCount();
	}

	@Override
	public void addStatsRecorder(StatsRecorder recorder) {
		this.loaderCalls.addRecorder(recorder);
	}

	@Override
	public Optional<TokenEntryInfo> describe(String key) {
		Arguments.checkKey(key);
		long now = now();
		Entry entry = entry(key);
		return (entry != null && entry.isUsable(now)) ? Optional.of(info(key, entry, now, this.clock.instant()))
				: Optional.empty();
	}

	@Override
	public List<TokenEntryInfo> entries() {
		long now = now();
		Instant wallNow = this.clock.instant();
		return usableEntries(now).stream().map((e) -> info(e.getKey(), e.getValue(), now, wallNow)).toList();
	}

	@Override
	public Duration refreshBuffer() {
		return this.refreshBuffer;
	}

	@Override
	public Duration refreshAhead() {
		return this.refreshAhead;
	}

	@Override
	public Duration loadTimeout() {
		return this.waiter.timeout();
	}

	private static TokenEntryInfo info(String key, Entry entry, long now, Instant wallNow) {
		return new TokenEntryInfo(key, wallNow.plusNanos(entry.refreshAt - now), wallNow.plusNanos(entry.expiresAt - now));
	}

	/** The entry under the key if it is usable now, not counted. */
	@Nullable Entry usableEntry(String key) {
		long now = now();
		Entry entry = entry(key);
		return (entry != null && entry.isUsable(now)) ? entry : null;
	}

	private void evictIfFull() {
		int evicted = evictEntriesTo(this.maximumSize);
		if (evicted > 0) {
			this.evictions.add(evicted);
		}
	}

	/**
	 * The cache's time, read first by every lookup. A hit reads the JVM's coarse clock, one
	 * volatile field at an address the JIT knows (the clock is a static final), with no load of
	 * this cache's fields first, since a dependent load is a measurable share of a hit (see
	 * docs/design.md, "The hit path"). A cache on a custom ticker reads its own coarse clock
	 * instead, the same code on another time source.
	 */
	long now() {
		CoarseClock time = this.time;
		return (time == CoarseClock.system()) ? CoarseClock.system().now() : time.now();
	}

	/** Whether a load of the key is in progress; for tests. */
	boolean isLoading(String key) {
		return this.singleFlight.isLoading(key);
	}

	/**
	 * Removes every expired entry and stale backoffs; runs on the scheduler's thread. Then
	 * evicts any excess, which a put that found the sweep holding the eviction lock left to it.
	 */
	void sweep() {
		long now = now();
		this.evictions.add(removeExpiredEntries(now));
		evictIfFull();
		this.backoffs.removeStale(now);
	}

	/** Whether the cache is open: a closed one starts no refresh and stores no loaded token. */
	boolean isOpen() {
		return this.open;
	}

	private void checkOpen() {
		if (!this.open) {
			throw new IllegalStateException("TokenCache is closed; call init() to reopen it");
		}
	}

	@Override
	public String toString() {
		return "TokenCache[size=" + entryCount() + ", refreshBuffer=" + this.refreshBuffer + ", refreshAhead="
				+ this.refreshAhead + ", loadTimeout=" + this.waiter.timeout() + "]";
	}

}
