package io.tokencache.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.tokencache.AccessToken;
import io.tokencache.TokenCache;
import io.tokencache.TokenCacheStats;

/**
 * A put of a new key into a full cache, so that every put evicts one entry: TokenCache against
 * Caffeine with a variable expiry and the same {@code maximumSize}, at three maximum sizes.
 *
 * <p>TokenCache runs on its default coarse clock, as in production. Every token has the same
 * lifetime, so the expiry order is the put order: TokenCache's expiry index keeps the keys of one
 * 1.07 s bucket in insertion order, and evicts the oldest put first, as Caffeine does. A key
 * comes round again only after enough newer puts to have evicted it, so every measured put adds a
 * new key and evicts one; the teardown checks it.
 *
 * <p>Two more contenders say why two threads putting into a full cache serialise on the build
 * machine (docs/benchmarks.md, "Put into a full cache"): Caffeine evicting on the putting thread, as
 * TokenCache does ({@code executor(Runnable::run)}), rather than on
 * {@code ForkJoinPool.commonPool()}; and four TokenCaches of a quarter of the maximum each, a key
 * going to the one its hash chooses, so that two threads rarely share an eviction lock, an index
 * or a count (Guava's segments). Neither is a design the starter uses.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class FullCacheBenchmark {

	private static final int SHARDS = 4;

	@Param({ "1000", "10000", "100000" })
	public int maximumSize;

	private final AtomicInteger threads = new AtomicInteger();

	private TokenCache cache;

	private Cache<String, AccessToken> caffeine;

	private Cache<String, AccessToken> caffeineEvictingOnPutter;

	private TokenCache[] shards;

	@Setup(Level.Trial)
	public void fill() {
		// Each fork is a JVM of its own and may land in either of the host's regimes (CrossCoreRoundTrip).
		System.out.println("cross-core round trip in this fork: " + CrossCoreRoundTrip.medianNanos() + " ns");
		this.cache = TokenCache.builder().maximumSize(this.maximumSize).sweepInterval(Duration.ZERO).build();
		this.caffeine = UsableWindow.caffeine(this.maximumSize);
		this.caffeineEvictingOnPutter = UsableWindow.caffeine(this.maximumSize, Runnable::run);
		this.shards = new TokenCache[SHARDS];
		for (int s = 0; s < SHARDS; s++) {
			this.shards[s] = TokenCache.builder()
				.maximumSize(this.maximumSize / SHARDS)
				.sweepInterval(Duration.ZERO)
				.build();
		}
		for (int i = 0; i < this.maximumSize; i++) {
			String key = "fill-" + i;
			this.cache.put(key, Tokens.token(i), Tokens.TTL);
			this.caffeine.put(key, Tokens.accessToken(i));
			this.caffeineEvictingOnPutter.put(key, Tokens.accessToken(i));
			shard(key).put(key, Tokens.token(i), Tokens.TTL);
		}
	}

	private TokenCache shard(String key) {
		int hash = key.hashCode();
		return this.shards[(hash ^ (hash >>> 16)) & (SHARDS - 1)];
	}

	/**
	 * Fails the run unless every put evicted: puts = entries + evictions exactly, with the sweep
	 * off so that nothing else removes entries.
	 */
	@TearDown(Level.Trial)
	public void check() {
		TokenCacheStats stats = this.cache.stats();
		if (stats.size() != this.maximumSize || stats.putCount() != stats.size() + stats.evictionCount()) {
			throw new IllegalStateException("Expected every put into the full cache to evict: " + stats);
		}
		this.cache.close();
		for (TokenCache shard : this.shards) {
			TokenCacheStats shardStats = shard.stats();
			if (shardStats.putCount() != shardStats.size() + shardStats.evictionCount()) {
				throw new IllegalStateException("Expected every put into a shard to add a key: " + shardStats);
			}
			shard.close();
		}
	}

	@Benchmark
	public void tokenCachePut(Keys keys) {
		int i = keys.next();
		this.cache.put(keys.keys[i], keys.tokens[i], Tokens.TTL);
	}

	@Benchmark
	public void caffeinePut(Keys keys) {
		int i = keys.next();
		this.caffeine.put(keys.keys[i], keys.accessTokens[i]);
	}

	@Benchmark
	public void caffeineEvictingOnPutterPut(Keys keys) {
		int i = keys.next();
		this.caffeineEvictingOnPutter.put(keys.keys[i], keys.accessTokens[i]);
	}

	@Benchmark
	public void shardedTokenCachePut(Keys keys) {
		int i = keys.next();
		shard(keys.keys[i]).put(keys.keys[i], keys.tokens[i], Tokens.TTL);
	}

	/**
	 * Each thread's own keys, twice the maximum size of them, put in turn: by the time a key
	 * comes round again, at least twice the maximum of newer puts have evicted it.
	 */
	@State(Scope.Thread)
	public static class Keys {

		String[] keys;

		String[] tokens;

		AccessToken[] accessTokens;

		private int index;

		@Setup(Level.Trial)
		public void create(FullCacheBenchmark benchmark) {
			int thread = benchmark.threads.getAndIncrement();
			int count = 2 * benchmark.maximumSize;
			this.keys = new String[count];
			this.tokens = new String[count];
			this.accessTokens = new AccessToken[count];
			for (int i = 0; i < count; i++) {
				this.keys[i] = "thread-" + thread + "-key-" + i;
				this.tokens[i] = Tokens.token(i);
				this.accessTokens[i] = Tokens.accessToken(i);
			}
		}

		int next() {
			int next = this.index + 1;
			this.index = (next == this.keys.length) ? 0 : next;
			return this.index;
		}

	}

}
