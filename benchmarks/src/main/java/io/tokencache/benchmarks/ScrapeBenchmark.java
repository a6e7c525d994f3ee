package io.tokencache.benchmarks;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import org.openjdk.jmh.infra.Blackhole;

import io.tokencache.AccessToken;
import io.tokencache.TokenCache;
import io.tokencache.micrometer.TokenCacheMetrics;

/**
 * One scrape of every meter that the real binder, {@link TokenCacheMetrics}, binds to a cache,
 * at 100 and at 100,000 entries in the same run: each meter is read as a registry reads it when
 * it publishes. {@code statsSnapshot} is the scan that {@code stats()} and the endpoint still do,
 * and that every meter read used to do, for comparison.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class ScrapeBenchmark {

	@Param({ "100", "100000" })
	public int entries;

	private TokenCache cache;

	private SimpleMeterRegistry registry;

	@Setup(Level.Trial)
	public void fill() {
		this.cache = TokenCache.builder().maximumSize(this.entries).build();
		this.registry = new SimpleMeterRegistry();
		new TokenCacheMetrics(this.cache, "scraped", Tags.empty()).bindTo(this.registry);
		String[] keys = Tokens.keys(this.entries);
		for (int i = 0; i < keys.length; i++) {
			this.cache.put(keys[i], Tokens.token(i), Tokens.TTL);
			this.cache.get(keys[i]);
		}
		this.cache.get("loaded", (key) -> AccessToken.of("loaded-token", Tokens.TTL.getSeconds()));
	}

	/** Fails the run if the cache did not hold what the benchmark claims to scrape. */
	@TearDown(Level.Trial)
	public void check() {
		double size = this.registry.get("cache.size").gauge().value();
		if (size != this.entries || this.registry.getMeters().size() != 7) {
			throw new IllegalStateException("Expected 7 meters over " + this.entries + " entries, got "
					+ this.registry.getMeters().size() + " meters and size " + size);
		}
		this.cache.close();
	}

	@Benchmark
	public void scrapeAllMeters(Blackhole blackhole) {
		for (Meter meter : this.registry.getMeters()) {
			for (Measurement measurement : meter.measure()) {
				blackhole.consume(measurement.getValue());
			}
		}
	}

	@Benchmark
	public Object statsSnapshot() {
		return this.cache.stats();
	}

}
