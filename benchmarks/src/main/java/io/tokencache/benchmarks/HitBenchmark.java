package io.tokencache.benchmarks;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.tokencache.AccessToken;
import io.tokencache.TokenCache;
import io.tokencache.TokenCacheStats;
import io.tokencache.TokenLoader;
import io.tokencache.micrometer.TokenCacheMetrics;

/**
 * A hit on a present key, 1,000 keys: TokenCache against the floor ({@code ConcurrentHashMap})
 * and against the alternative a user would pick (Caffeine with a variable expiry).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class HitBenchmark {

	private final String[] keys = Tokens.keys(Tokens.KEY_COUNT);

	private final TokenLoader loader = (key) -> {
		throw new IllegalStateException("Every key is present, so the hit path must not load");
	};

	private TokenCache cache;

	private TokenCache meteredCache;

	private SimpleMeterRegistry registry;

	private ConcurrentHashMap<String, String> map;

	private Cache<String, AccessToken> caffeine;

	@Setup(Level.Trial)
	public void fill() {
		this.cache = TokenCache.builder().build();
		this.meteredCache = TokenCache.builder().build();
		this.registry = new SimpleMeterRegistry();
		new TokenCacheMetrics(this.meteredCache, "metered", Tags.empty()).bindTo(this.registry);
		this.map = new ConcurrentHashMap<>();
		this.caffeine = UsableWindow.caffeine(TokenCache.DEFAULT_MAXIMUM_SIZE);
		for (int i = 0; i < this.keys.length; i++) {
			this.cache.put(this.keys[i], Tokens.token(i), Tokens.TTL);
			this.meteredCache.put(this.keys[i], Tokens.token(i), Tokens.TTL);
			this.map.put(this.keys[i], Tokens.token(i));
			this.caffeine.put(this.keys[i], Tokens.accessToken(i));
		}
	}

	/** Fails the run if any read missed, which would mean the benchmark measured misses. */
	@TearDown(Level.Trial)
	public void check() {
		checkOnlyHits(this.cache.stats());
		checkOnlyHits(this.meteredCache.stats());
		if (this.registry.get("cache.gets").tag("result", "miss").functionCounter().count() != 0) {
			throw new IllegalStateException("The metered cache reported misses");
		}
		this.cache.close();
		this.meteredCache.close();
	}

	private static void checkOnlyHits(TokenCacheStats stats) {
		if (stats.missCount() != 0 || stats.size() != Tokens.KEY_COUNT) {
			throw new IllegalStateException("Expected only hits on " + Tokens.KEY_COUNT + " keys: " + stats);
		}
	}

	@Benchmark
	public Optional<String> tokenCacheGet(Cursor cursor) {
		return this.cache.get(this.keys[cursor.next()]);
	}

	@Benchmark
	public String tokenCacheGetWithLoader(Cursor cursor) {
		return this.cache.get(this.keys[cursor.next()], this.loader);
	}

	@Benchmark
	public Optional<String> tokenCacheGetMetered(Cursor cursor) {
		return this.meteredCache.get(this.keys[cursor.next()]);
	}

	@Benchmark
	public String concurrentHashMapGet(Cursor cursor) {
		return this.map.get(this.keys[cursor.next()]);
	}

	@Benchmark
	public AccessToken caffeineGetIfPresent(Cursor cursor) {
		return this.caffeine.getIfPresent(this.keys[cursor.next()]);
	}

}
