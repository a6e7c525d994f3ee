package io.tokencache;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * The {@link TokenCache} that {@link TokenCacheBuilder} builds.
 *
 * <p>Written by hand rather than on Caffeine: a hit here is a map read, one volatile read of the
 * coarse clock and a {@link LongAdder} increment, where Caffeine's variable expiry also reads
 * the ticker and maintains its timer wheel and buffers. The issue that specifies this cache sets
 * the target of twice Caffeine's {@code getIfPresent}; the {@code benchmarks} module measures it.
 */
final class DefaultTokenCache implements TokenCache {

	private static final System.Logger logger = System.getLogger(TokenCache.class.getName());

	private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

	/** One future per key being loaded; its owner runs the loader, the others wait on it. */
	private final ConcurrentHashMap<String, CompletableFuture<String>> loads = new ConcurrentHashMap<>();

	private final Duration refreshBuffer;

	private final int maximumSize;

	private final Ticker ticker;

	private final CoarseClock time;

	private final Clock clock;

	private final Background background;

	private final Object evictionLock = new Object();

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder loadSuccesses = new LongAdder();

	private final LongAdder loadFailures = new LongAdder();

	private final LongAdder evictions = new LongAdder();

	private final LongAdder puts = new LongAdder();

	private final LongAdder loadSuccessNanos = new LongAdder();

	private final LongAdder loadFailureNanos = new LongAdder();

	private volatile boolean open;

	DefaultTokenCache(Duration refreshBuffer, int maximumSize, Duration sweepInterval, Ticker ticker,
			CoarseClock time, Clock clock) {
		this.refreshBuffer = refreshBuffer;
		this.maximumSize = maximumSize;
		this.ticker = ticker;
		this.time = time;
		this.clock = clock;
		this.background = new Background(time, this::sweep, sweepInterval);
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
		this.entries.clear();
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
		store(key, Entry.create(token, this.time.now(), ttl, refreshBuffer));
	}

	@Override
	public Optional<String> get(String key) {
		Entry entry = this.entries.get(Arguments.checkKey(key));
		if (entry != null && entry.isUsable(this.time.now())) {
			this.hits.increment();
			return entry.present;
		}
		this.misses.increment();
		return Optional.empty();
	}

	@Override
	public String get(String key, TokenLoader loader) {
		Entry entry = this.entries.get(Arguments.checkKey(key));
		if (entry != null && entry.isUsable(this.time.now())) {
			this.hits.increment();
			return entry.token;
		}
		java.util.Objects.requireNonNull(loader, "loader");
		checkOpen();
		this.misses.increment();
		return loadOnce(key, loader);
	}

	/**
	 * Single flight: the caller that installs the future loads; everyone else waits on it. The
	 * owner stores the entry before it removes the future, and a new owner checks the map again
	 * after installing its own, so a caller that missed just before a load finished cannot start
	 * a second load.
	 */
	private String loadOnce(String key, TokenLoader loader) {
		CompletableFuture<String> mine = new CompletableFuture<>();
		CompletableFuture<String> running = this.loads.putIfAbsent(key, mine);
		if (running != null) {
			return await(key, running);
		}
		try {
			Entry entry = this.entries.get(key);
			String token = (entry != null && entry.isUsable(this.time.now())) ? entry.token : load(key, loader);
			mine.complete(token);
			return token;
		}
		catch (Throwable ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.loads.remove(key, mine);
		}
	}

	private String load(String key, TokenLoader loader) {
		long start = this.ticker.read();
		Exception failure;
		try {
			AccessToken token = loader.load(key);
			if (token != null) {
				this.loadSuccessNanos.add(this.ticker.read() - start);
				this.loadSuccesses.increment();
				store(key, Entry.create(token.value(), this.time.now(), token.expiresIn(), this.refreshBuffer));
				logger.log(Level.DEBUG, () -> "Loaded token for key '" + key + "', expires in " + token.expiresIn());
				return token.value();
			}
			failure = new IllegalStateException("TokenLoader returned null");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			failure = ex;
		}
		catch (Exception ex) {
			failure = ex;
		}
		this.loadFailureNanos.add(this.ticker.read() - start);
		this.loadFailures.increment();
		return staleOrThrow(key, failure);
	}

	private String staleOrThrow(String key, Exception failure) {
		Entry entry = this.entries.get(key);
		if (entry != null && !entry.isExpired(this.time.now())) {
			logger.log(Level.WARNING, () -> "Token load for key '" + key + "' failed ("
					+ failure.getClass().getName() + "); serving the cached token until it expires");
			return entry.token;
		}
		logger.log(Level.DEBUG, () -> "Token load for key '" + key + "' failed (" + failure.getClass().getName() + ")");
		throw new TokenLoadException("Failed to load a token for key '" + key + "'", failure);
	}

	private String await(String key, CompletableFuture<String> running) {
		try {
			return running.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TokenLoadException("Interrupted while waiting for the token of key '" + key + "'", ex);
		}
		catch (ExecutionException ex) {
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
		this.entries.remove(Arguments.checkKey(key));
	}

	@Override
	public void clear() {
		this.entries.clear();
	}

	@Override
	public TokenCacheStats stats() {
		List<String> keys = usable().stream().map(Map.Entry::getKey).toList();
		return new TokenCacheStats(keys.size(), keys, this.hits.sum(), this.misses.sum(), this.loadSuccesses.sum(),
				this.loadFailures.sum(), this.evictions.sum(), this.puts.sum(),
				Duration.ofNanos(this.loadSuccessNanos.sum()), Duration.ofNanos(this.loadFailureNanos.sum()));
	}

	@Override
	public Optional<TokenEntryInfo> describe(String key) {
		Entry entry = this.entries.get(Arguments.checkKey(key));
		long now = this.time.now();
		return (entry != null && entry.isUsable(now)) ? Optional.of(info(key, entry, now, this.clock.instant()))
				: Optional.empty();
	}

	@Override
	public List<TokenEntryInfo> entries() {
		long now = this.time.now();
		Instant wallNow = this.clock.instant();
		return usable().stream().map((e) -> info(e.getKey(), e.getValue(), now, wallNow)).toList();
	}

	@Override
	public Duration refreshBuffer() {
		return this.refreshBuffer;
	}

	/** Usable entries sorted by key, each read once so that a key and its entry agree. */
	private List<Map.Entry<String, Entry>> usable() {
		long now = this.time.now();
		List<Map.Entry<String, Entry>> usable = new ArrayList<>();
		this.entries.forEach((key, entry) -> {
			if (entry.isUsable(now)) {
				usable.add(Map.entry(key, entry));
			}
		});
		usable.sort(Map.Entry.comparingByKey());
		return usable;
	}

	private static TokenEntryInfo info(String key, Entry entry, long now, Instant wallNow) {
		return new TokenEntryInfo(key, wallNow.plusNanos(entry.refreshAt - now), wallNow.plusNanos(entry.expiresAt - now));
	}

	private void store(String key, Entry entry) {
		this.entries.put(key, entry);
		this.puts.increment();
		if (this.entries.size() > this.maximumSize) {
			evictToSize();
		}
	}

	/** Removes every expired entry; runs on the background thread, and when the cache is full. */
	void sweep() {
		long now = this.time.now();
		this.entries.forEach((key, entry) -> {
			if (entry.isExpired(now) && this.entries.remove(key, entry)) {
				this.evictions.increment();
			}
		});
	}

	/**
	 * Expired entries go first, then those that expire soonest. Each step scans the map, which is
	 * acceptable because it runs only when a put overflows {@code maximumSize}.
	 */
	private void evictToSize() {
		synchronized (this.evictionLock) {
			sweep();
			while (this.entries.size() > this.maximumSize) {
				this.entries.entrySet()
					.stream()
					.min(Comparator.comparingLong((Map.Entry<String, Entry> e) -> e.getValue().expiresAt))
					.filter((soonest) -> this.entries.remove(soonest.getKey(), soonest.getValue()))
					.ifPresent((evicted) -> this.evictions.increment());
			}
		}
	}

	private void checkOpen() {
		if (!this.open) {
			throw new IllegalStateException("TokenCache is closed; call init() to reopen it");
		}
	}

	@Override
	public String toString() {
		return "TokenCache[size=" + this.entries.size() + ", refreshBuffer=" + this.refreshBuffer + "]";
	}

}
