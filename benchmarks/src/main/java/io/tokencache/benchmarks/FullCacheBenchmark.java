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
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class FullCacheBenchmark {

	@Param({ "1000", "10000", "100000" })
	public int maximumSize;

	private final AtomicInteger threads = new AtomicInteger();

	private TokenCache cache;

	private Cache<String, AccessToken> caffeine;

	@Setup(Level.Trial)
	public void fill() {
		this.cache = TokenCache.builder().maximumSize(this.maximumSize).sweepInterval(Duration.ZERO).build();
		this.caffeine = UsableWindow.caffeine(this.maximumSize);
		for (int i = 0; i < this.maximumSize; i++) {
			String key = "fill-" + i;
			this.cache.put(key, Tokens.token(i), Tokens.TTL);
			this.caffeine.put(key, Tokens.accessToken(i));
		}
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
