package io.tokencache.benchmarks;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.tokencache.TokenCache;
import io.tokencache.TokenCacheStats;
import io.tokencache.TokenLoader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A hit on a present key, 1,000 keys, on the auto-configured cache with the Redis tier off and
 * on, in one run: the tier must leave the hit path as it is, with no Redis round trip.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class RedisHitBenchmark {

	private final String[] keys = Tokens.keys(Tokens.KEY_COUNT);

	private final TokenLoader loader = (key) -> {
		throw new IllegalStateException("Every key is present, so the hit path must not load");
	};

	private RedisInstances instances;

	private TokenCache local;

	private TokenCache tiered;

	@Setup(Level.Trial)
	public void fill() {
		this.instances = new RedisInstances();
		this.local = this.instances.start(1, false).get(0);
		this.tiered = this.instances.start(1, true).get(0);
		for (int i = 0; i < this.keys.length; i++) {
			this.local.put(this.keys[i], Tokens.token(i), Tokens.TTL);
			this.tiered.put(this.keys[i], Tokens.token(i), Tokens.TTL);
		}
	}

	@TearDown(Level.Trial)
	public void check() {
		for (TokenCache cache : List.of(this.local, this.tiered)) {
			TokenCacheStats stats = cache.stats();
			if (stats.missCount() != 0 || stats.size() != Tokens.KEY_COUNT) {
				throw new IllegalStateException("Expected only hits on " + Tokens.KEY_COUNT + " keys: " + stats);
			}
		}
		this.instances.close();
	}

	@Benchmark
	public Optional<String> tierOffGet(Cursor cursor) {
		return this.local.get(this.keys[cursor.next()]);
	}

	@Benchmark
	public Optional<String> tierOnGet(Cursor cursor) {
		return this.tiered.get(this.keys[cursor.next()]);
	}

	@Benchmark
	public String tierOffGetWithLoader(Cursor cursor) {
		return this.local.get(this.keys[cursor.next()], this.loader);
	}

	@Benchmark
	public String tierOnGetWithLoader(Cursor cursor) {
		return this.tiered.get(this.keys[cursor.next()], this.loader);
	}

}
