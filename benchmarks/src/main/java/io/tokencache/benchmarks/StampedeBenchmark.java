package io.tokencache.benchmarks;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import io.tokencache.AccessToken;
import io.tokencache.TokenCache;
import io.tokencache.TokenLoader;

/**
 * C callers (the JMH thread count) ask for one key at the moment its token expires, and the
 * loader takes {@link #LOAD_TIME}. Each measurement iteration is one expiry: a fake ticker
 * expires the token, every caller waits at a latch, then each makes one timed call.
 *
 * <p>JMH times each caller's call separately ({@link Mode#SingleShotTime}, one call per
 * iteration), and counts its loader calls in {@link Caller#loaderCalls}; {@link Suite} reads
 * the per-thread results to report loader calls per expiry and caller latency percentiles.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, batchSize = 1)
@Measurement(iterations = 20, batchSize = 1)
public class StampedeBenchmark {

	static final String KEY = "client-registration-stampede";

	static final Duration LOAD_TIME = Duration.ofMillis(20);

	/** The key, the cache and the time: shared by all callers. */
	@State(Scope.Benchmark)
	public static class Round {

		private final AtomicLong nanos = new AtomicLong();

		private TokenCache cache;

		private int callers;

		private volatile CountDownLatch start = new CountDownLatch(0);

		@Setup(Level.Trial)
		public void build(BenchmarkParams params) {
			this.callers = params.getThreads();
			this.cache = TokenCache.builder().ticker(this.nanos::get).sweepInterval(Duration.ZERO).build();
			this.cache.put(KEY, Tokens.token(0), Tokens.TTL);
		}

		/**
		 * Moves time past the real expiry of whatever token the last round stored, and waits
		 * until the cache sees it: a cache on a custom ticker reads it through its coarse clock,
		 * which the shared background thread advances every few milliseconds, so callers let in
		 * at once would otherwise still be served the old token.
		 */
		@Setup(Level.Iteration)
		public void expire() {
			this.nanos.addAndGet(Tokens.TTL.toNanos() + 1);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
			while (this.cache.get(KEY).isPresent()) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The cache did not see the token expire within 5 s");
				}
				LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
			}
			this.start = new CountDownLatch(this.callers);
		}

		@TearDown(Level.Trial)
		public void close() {
			this.cache.close();
		}

	}

	/** One caller: its loader, and how many times that loader ran in this iteration. */
	@State(Scope.Thread)
	@AuxCounters(AuxCounters.Type.EVENTS)
	public static class Caller {

		public int loaderCalls;

		final TokenLoader loader = (key) -> {
			this.loaderCalls++;
			Thread.sleep(LOAD_TIME.toMillis());
			return Tokens.accessToken(1);
		};

		/** Waits, untimed, until every caller has arrived, so that all of them ask at once. */
		@Setup(Level.Iteration)
		public void arrive(Round round) throws InterruptedException {
			CountDownLatch start = round.start;
			if (start.getCount() == 0) {
				throw new IllegalStateException("The round was not reset before its callers arrived");
			}
			this.loaderCalls = 0;
			start.countDown();
			start.await();
		}

	}

	@Benchmark
	public String tokenCacheGetWithLoader(Round round, Caller caller) {
		return round.cache.get(KEY, caller.loader);
	}

	/** What users of GeminiEx's cache and of Spring Security write by hand. */
	@Benchmark
	public String getThenPut(Round round, Caller caller) throws Exception {
		Optional<String> cached = round.cache.get(KEY);
		if (cached.isPresent()) {
			return cached.get();
		}
		AccessToken token = caller.loader.load(KEY);
		round.cache.put(KEY, token.value(), token.expiresIn());
		return token.value();
	}

}
