package io.tokencache.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.tokencache.TokenCache;
import io.tokencache.TokenLoader;

/**
 * Callers arrive across a token's refresh point while the loader takes {@link #LOAD_TIME}, with
 * refresh-ahead on and off. Each iteration is one refresh point: its setup puts a fresh token and
 * moves the cache's time to {@link #LEAD} before the token's refresh point; the iteration then
 * runs for {@link #ITERATION} of real time, during which the cache's time runs with the real one,
 * so the refresh point passes in the middle of it.
 *
 * <p>Each caller (a JMH thread) arrives about once per {@link #ARRIVAL_INTERVAL}: it parks in a
 * per-invocation setup, which JMH leaves out of the timing, and then makes one timed call.
 * {@link Mode#SampleTime} keeps every call's time, so the percentiles are those of the callers'
 * calls. Loader calls are counted per iteration, that is per refresh point.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 120, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 30, time = 120, timeUnit = TimeUnit.MILLISECONDS)
public class RefreshAheadBenchmark {

	static final String KEY = "client-registration-refresh";

	static final Duration LOAD_TIME = Duration.ofMillis(20);

	static final Duration ITERATION = Duration.ofMillis(120);

	/** How long before the refresh point each iteration starts. */
	static final Duration LEAD = Duration.ofMillis(60);

	/** The refresh-ahead window when on: the background load starts 80 to 40 ms before the refresh point. */
	static final Duration WINDOW = Duration.ofMillis(80);

	static final Duration ARRIVAL_INTERVAL = Duration.ofMillis(1);

	/** The cache's default buffer: a one-hour token reaches its refresh point at 55 minutes. */
	private static final Duration USABLE = Tokens.TTL.minus(Tokens.REFRESH_BUFFER);

	/** The cache and its time, shared by all callers. */
	@State(Scope.Benchmark)
	public static class Round {

		@Param({ "on", "off" })
		public String refreshAhead;

		/** Added to the real time: each iteration jumps it to just before the next refresh point. */
		private final AtomicLong offset = new AtomicLong();

		private TokenCache cache;

		@Setup(Level.Trial)
		public void build() {
			this.cache = TokenCache.builder()
				.ticker(() -> System.nanoTime() + this.offset.get())
				.refreshAhead(this.refreshAhead.equals("on") ? WINDOW : Duration.ZERO)
				.sweepInterval(Duration.ZERO)
				.build();
		}

		@Setup(Level.Iteration)
		public void nextRefreshPoint() {
			this.cache.put(KEY, Tokens.token(0), Tokens.TTL);
			this.offset.addAndGet(USABLE.minus(LEAD).toNanos());
		}

		@TearDown(Level.Trial)
		public void close() {
			this.cache.close();
		}

	}

	/** One caller: its arrivals, and how many loads its calls started in this iteration. */
	@State(Scope.Thread)
	@AuxCounters(AuxCounters.Type.EVENTS)
	public static class Caller {

		/** Incremented on the loader's thread, read by JMH once the iteration is over. */
		public volatile int loaderCalls;

		final TokenLoader loader = (key) -> {
			this.loaderCalls++;
			Thread.sleep(LOAD_TIME.toMillis());
			return Tokens.accessToken(1);
		};

		@Setup(Level.Iteration)
		public void reset() {
			this.loaderCalls = 0;
		}

		@Setup(Level.Invocation)
		public void arrive() {
			LockSupport.parkNanos(ARRIVAL_INTERVAL.toNanos());
		}

	}

	@Benchmark
	public String getWithLoader(Round round, Caller caller) {
		return round.cache.get(KEY, caller.loader);
	}

}
