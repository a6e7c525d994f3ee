package io.tokencache;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * The {@link TokenCache} that {@link TokenCacheBuilder} builds.
 *
 * <p>Written by hand rather than on Caffeine: a hit here is a volatile read of the coarse
 * clock's reading and of the map, both fields of this object (hence {@code extends Entries}), a
 * map read and a {@link HitCounter} increment, where Caffeine's variable expiry also reads the
 * ticker and maintains its timer wheel and buffers. The issue that specifies this
 * cache sets the target of twice Caffeine's {@code getIfPresent}; the {@code benchmarks} module
 * measures it.
 *
 * <p>Every operation is linearizable; {@code LinearizabilityTests} checks it with Lincheck. A
 * lookup reads the clock before the map, so that a token it returns was usable at a moment when
 * the map held it.
 */
final class DefaultTokenCache extends Entries implements TokenCache {

	private static final System.Logger logger = System.getLogger(TokenCache.class.getName());

	/** One future per key being loaded; its owner runs the loader, the others wait on it. */
	private final ConcurrentHashMap<String, Load> loads = new ConcurrentHashMap<>();

	private final Duration refreshBuffer;

	private final int maximumSize;

	private final CoarseClock time;

	/** The coarse clock, or null when {@link #time} reads a custom ticker directly. */
	private final CoarseClock.@Nullable Coarse coarse;

	/** Final, so that the branch in {@link #now()} always goes the same way and is predicted. */
	private final boolean direct;

	/** The coarse clock's last reading, copied by {@link #tick()}; see {@link #now()}. */
	private volatile long coarseNow;

	private final Clock clock;

	private final Background background;

	private final LoaderCalls loaderCalls;

	private final HitCounter hits = new HitCounter();

	private final LongAdder misses = new LongAdder();

	private final LongAdder evictions = new LongAdder();

	private final LongAdder puts = new LongAdder();

	private volatile boolean open;

	DefaultTokenCache(Duration refreshBuffer, int maximumSize, Duration sweepInterval, Ticker ticker,
			CoarseClock time, Clock clock, StatsRecorder[] recorders) {
		this.refreshBuffer = refreshBuffer;
		this.maximumSize = maximumSize;
		this.loaderCalls = new LoaderCalls(ticker, recorders);
		this.time = time;
		this.coarse = (time instanceof CoarseClock.Coarse coarseClock) ? coarseClock : null;
		this.direct = (this.coarse == null);
		this.coarseNow = time.now();
		this.clock = clock;
		this.background = new Background(this.direct ? null : this::tick, this::sweep, sweepInterval);
		init();
	}

	@Override
	public synchronized void init() {
		this.background.start();
		this.open = true;
	}

	@Override
	public synchronized void close() {
		this.open = false;
		this.background.stop();
		clearEntries();
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
		putEntry(key, Entry.create(token, now(), ttl, refreshBuffer));
		this.puts.increment();
		evictIfFull();
	}

	@Override
	public Optional<String> get(String key) {
		Arguments.checkKey(key);
		long now = now();
		Entry entry = entry(key);
		if (entry != null && entry.isUsable(now)) {
			this.hits.increment();
			return entry.present;
		}
		this.misses.increment();
		return Optional.empty();
	}

	@Override
	public String get(String key, TokenLoader loader) {
		Arguments.checkKey(key);
		Objects.requireNonNull(loader, "loader");
		long now = now();
		Entry entry = entry(key);
		if (entry != null && entry.isUsable(now)) {
			this.hits.increment();
			return entry.token;
		}
		checkOpen();
		this.misses.increment();
		return loadOnce(key, loader);
	}

	/**
	 * Single flight: the caller that installs a {@link Load} runs the loader; later callers of
	 * the key wait on it. A new owner checks the map again after installing its load, since a
	 * previous load may have stored a token after this caller missed. A caller joins a load only
	 * if the load's outcome is decided after it asked: otherwise it could be handed a token that
	 * was stored, and perhaps invalidated, before it asked. So a load that has reached its
	 * decision, or that found a cached token, sends its waiters back to look again.
	 */
	private String loadOnce(String key, TokenLoader loader) {
		Load mine = new Load();
		while (true) {
			Load running = this.loads.putIfAbsent(key, mine);
			if (running == null) {
				return own(key, loader, mine);
			}
			String token = await(key, running);
			if (token != null) {
				return token;
			}
			Entry entry = usableEntry(key);
			if (entry != null) {
				return entry.token;
			}
		}
	}

	private String own(String key, TokenLoader loader, Load mine) {
		try {
			Entry cached = usableEntry(key);
			if (cached != null) {
				this.loads.remove(key, mine);
				mine.complete(null);
				return cached.token;
			}
			String token = loadAndDecide(key, loader, mine);
			mine.complete(token);
			return token;
		}
		catch (Throwable ex) {
			mine.deciding = true;
			this.loads.remove(key, mine);
			mine.completeExceptionally(ex);
			throw ex;
		}
	}

	/** Calls the loader, then stores its token or falls back to a stale one, then retires the load. */
	private String loadAndDecide(String key, TokenLoader loader, Load mine) {
		AccessToken loaded;
		try {
			loaded = this.loaderCalls.call(key, loader);
		}
		catch (Exception failure) {
			mine.deciding = true;
			try {
				return staleOrThrow(key, failure);
			}
			finally {
				this.loads.remove(key, mine);
			}
		}
		mine.deciding = true;
		try {
			return publish(key, loaded);
		}
		finally {
			this.loads.remove(key, mine);
		}
	}

	/**
	 * Stores the loaded token, unless a usable token was put while the loader ran: that one is at
	 * least as fresh, so it stays and is returned instead.
	 */
	private String publish(String key, AccessToken token) {
		long now = now();
		Entry loaded = Entry.create(token.value(), now, token.expiresIn(), this.refreshBuffer);
		Entry kept = putEntryIfNotUsable(key, loaded, now);
		if (kept == loaded) {
			this.puts.increment();
			logger.log(Level.DEBUG, () -> "Loaded token for key '" + key + "', expires in " + token.expiresIn());
			evictIfFull();
		}
		return kept.token;
	}

	private String staleOrThrow(String key, Exception failure) {
		long now = now();
		Entry entry = entry(key);
		if (entry != null && !entry.isExpired(now)) {
			logger.log(Level.WARNING, () -> "Token load for key '" + key + "' failed ("
					+ failure.getClass().getName() + "); serving the cached token until it expires");
			return entry.token;
		}
		logger.log(Level.DEBUG, () -> "Token load for key '" + key + "' failed (" + failure.getClass().getName() + ")");
		throw new TokenLoadException("Failed to load a token for key '" + key + "'", failure);
	}

	/**
	 * Waits for another caller's load.
	 * @return its token, or {@code null} if this caller must look again: the load was decided
	 * before this caller asked, or it found a cached token instead of loading
	 */
	private @Nullable String await(String key, Load running) {
		boolean joined = !running.deciding;
		try {
			String token = running.get();
			return joined ? token : null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TokenLoadException("Interrupted while waiting for the token of key '" + key + "'", ex);
		}
		catch (ExecutionException ex) {
			if (!joined) {
				return null;
			}
			Throwable cause = ex.getCause();
			if (cause instanceof TokenLoadException failed) {
				// A new exception per waiter, so each has its own stack trace, around the same cause.
				throw new TokenLoadException(failed.getMessage(), failed.getCause());
			}
			throw new TokenLoadException("Failed to load a token for key '" + key + "'", cause);
		}
	}

	@Override
	public void invalidate(String key) {
		removeEntry(Arguments.checkKey(key));
	}

	@Override
	public void clear() {
		clearEntries();
	}

	@Override
	public TokenCacheStats stats() {
		List<String> keys = usableEntries(now()).stream().map(Map.Entry::getKey).toList();
		TokenCacheCounters counters = counters();
		return new TokenCacheStats(keys.size(), keys, counters.hitCount(), counters.missCount(),
				counters.loadSuccessCount(), counters.loadFailureCount(), counters.evictionCount(), counters.putCount(),
				counters.totalLoadSuccessTime(), counters.totalLoadFailureTime());
	}

	@Override
	public TokenCacheCounters counters() {
		return new TokenCacheCounters(this.hits.sum(), this.misses.sum(), this.loaderCalls.successCount(),
				this.loaderCalls.failureCount(), this.evictions.sum(), this.puts.sum(), this.loaderCalls.successTime(),
				this.loaderCalls.failureTime());
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

	private static TokenEntryInfo info(String key, Entry entry, long now, Instant wallNow) {
		return new TokenEntryInfo(key, wallNow.plusNanos(entry.refreshAt - now), wallNow.plusNanos(entry.expiresAt - now));
	}

	/**
	 * The entry under the key if it is usable now. The two {@code get} methods inline this check
	 * instead of calling here, to keep their compiled hit path small (see the benchmarks).
	 */
	private @Nullable Entry usableEntry(String key) {
		long now = now();
		Entry entry = entry(key);
		return (entry != null && entry.isUsable(now)) ? entry : null;
	}

	private void evictIfFull() {
		if (entryCount() > this.maximumSize) {
			this.evictions.add(evictEntriesTo(this.maximumSize, now()));
		}
	}

	/**
	 * The cache's time, read first by every lookup. A hit reads the coarse reading from a
	 * volatile field of this cache rather than calling the clock, which would load the clock
	 * object and check its type first; HitPathCostBenchmark measured those dependent loads, with
	 * the map's, at about 15% of a hit. With a custom ticker the clock reads it on every call, so
	 * that tests drive time exactly.
	 */
	private long now() {
		return this.direct ? this.time.now() : this.coarseNow;
	}

	/** Advances the coarse clock and mirrors its reading; runs on the background thread only. */
	private void tick() {
		CoarseClock.Coarse coarse = this.coarse;
		if (coarse != null) {
			this.coarseNow = coarse.advance();
		}
	}

	/** Removes every expired entry; runs on the background thread. */
	void sweep() {
		this.evictions.add(removeExpiredEntries(now()));
	}

	private void checkOpen() {
		if (!this.open) {
			throw new IllegalStateException("TokenCache is closed; call init() to reopen it");
		}
	}

	@Override
	public String toString() {
		return "TokenCache[size=" + entryCount() + ", refreshBuffer=" + this.refreshBuffer + "]";
	}

}
