package io.tokencache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * No fault wedges a key: whatever throws while a load is started (the executor), run (the
 * loader), recorded (the stats recorder, the clock, the backoff bookkeeping) or decided (the
 * stale fallback and its log), a caller that joined the load is released with that throwable,
 * the caller that started it gets it too, and the next call of the key loads again. Each test
 * injects its fault at one step, with real threads: an owner, and a waiter parked on its load.
 */
@Timeout(60)
class FaultInjectionTests {

	private static final TokenLoader WORKING = (key) -> AccessToken.of("token-" + key, 600);

	private final Logger julLogger = Logger.getLogger(TokenCache.class.getName());

	private final List<Handler> handlers = new ArrayList<>();

	private final FaultyTicker ticker = new FaultyTicker();

	@AfterEach
	void removeHandlers() {
		this.handlers.forEach(this.julLogger::removeHandler);
		this.julLogger.setLevel(null);
	}

	@Test
	void executorErrorReleasesTheWaiterAndTheKey() throws Exception {
		CountDownLatch starting = new CountDownLatch(1);
		CountDownLatch fail = new CountDownLatch(1);
		OutOfMemoryError error = new OutOfMemoryError("unable to create native thread");
		AtomicBoolean failed = new AtomicBoolean();
		Executor executor = (load) -> {
			if (failed.compareAndSet(false, true)) {
				starting.countDown();
				awaitQuietly(fail);
				throw error;
			}
			new Thread(load).start();
		};
		DefaultTokenCache cache = (DefaultTokenCache) builder().executor(executor).build();
		Caller owner = Caller.start("owner", () -> cache.get("k", WORKING));
		starting.await();
		Caller waiter = Caller.start("waiter", () -> cache.get("k", WORKING));
		Waiting.untilParked(waiter.thread);
		fail.countDown();
		assertThat(owner.failure()).isSameAs(error);
		assertThat(waiter.failure()).isSameAs(error);
		assertLoadsAgain(cache);
	}

	@Test
	void executorErrorOnRefreshReachesTheCallerAndFreesTheKey() {
		OutOfMemoryError error = new OutOfMemoryError("unable to create native thread");
		AtomicBoolean failed = new AtomicBoolean();
		Executor executor = (load) -> {
			if (failed.compareAndSet(false, true)) {
				throw error;
			}
			load.run();
		};
		DefaultTokenCache cache = (DefaultTokenCache) builder()
			.executor(executor)
			.refreshAhead(Duration.ofMinutes(1))
			.build();
		cache.put("k", "old", Duration.ofMinutes(10));
		this.ticker.advance(Duration.ofSeconds(540));
		assertThat(catchThrowable(() -> cache.get("k", WORKING))).isSameAs(error);
		assertThat(cache.isLoading("k")).isFalse();
		assertThat(cache.get("k", WORKING)).isIn("old", "token-k");
		assertThat(cache.get("k")).contains("token-k");
	}

	@Test
	void loaderErrorFreesTheKeyBeforeItIsLoggedEvenByALoggerThatThrows() throws Exception {
		DefaultTokenCache cache = (DefaultTokenCache) builder().build();
		CompletableFuture<Boolean> loadingWhenLogged = new CompletableFuture<>();
		onLog(Level.SEVERE, () -> {
			loadingWhenLogged.complete(cache.isLoading("k"));
			throw new IllegalStateException("log backend down");
		});
		StackOverflowError error = new StackOverflowError();
		Caller[] callers = ownerAndWaiter(cache, () -> {
			throw error;
		});
		assertThat(callers[0].failure()).isSameAs(error);
		assertThat(callers[1].failure()).isSameAs(error);
		assertThat(loadingWhenLogged.get(30, TimeUnit.SECONDS)).isFalse();
		assertLoadsAgain(cache);
	}

	@Test
	void statsRecorderErrorReleasesTheWaiterAndTheKey() throws Exception {
		AtomicBoolean armed = new AtomicBoolean(true);
		InternalError error = new InternalError("recorder broken");
		StatsRecorder recorder = new StatsRecorder() {
			@Override
			public void recordLoadSuccess(long loadTimeNanos) {
				if (armed.getAndSet(false)) {
					throw error;
				}
			}
		};
		DefaultTokenCache cache = (DefaultTokenCache) builder()
			.statsRecorder(recorder)
			.build();
		Caller[] callers = ownerAndWaiter(cache, () -> null);
		assertThat(callers[0].failure()).isSameAs(error);
		assertThat(callers[1].failure()).isSameAs(error);
		assertLoadsAgain(cache);
	}

	/**
	 * The clock fails on the loader's thread at its one read after the loader returned, the load's
	 * timing. What follows (publication, or backoff bookkeeping and the stale fallback after a
	 * failure) reads the cache's coarse clock, a field, not the ticker; a fault there is injected
	 * through the log instead ({@link #publicationErrorReleasesTheWaiterAndTheKey},
	 * {@link #staleFallbackErrorReleasesTheWaiterAndTheKey}).
	 */
	@Test
	void clockErrorAfterAFailedLoadReleasesTheWaiterAndTheKey() throws Exception {
		DefaultTokenCache cache = (DefaultTokenCache) builder()
			.backoff(Duration.ofSeconds(1), Duration.ofSeconds(1))
			.build();
		Caller[] callers = ownerAndWaiter(cache, () -> {
			this.ticker.failOnThisThread(1);
			throw new IllegalStateException("identity provider down");
		});
		assertThat(callers[0].failure()).isSameAs(this.ticker.error);
		assertThat(callers[1].failure()).isSameAs(this.ticker.error);
		this.ticker.advance(Duration.ofSeconds(2));
		assertLoadsAgain(cache);
	}

	@Test
	void clockErrorAfterASuccessfulLoadReleasesTheWaiterAndTheKey() throws Exception {
		DefaultTokenCache cache = (DefaultTokenCache) builder().build();
		Caller[] callers = ownerAndWaiter(cache, () -> {
			this.ticker.failOnThisThread(1);
			return null;
		});
		assertThat(callers[0].failure()).isSameAs(this.ticker.error);
		assertThat(callers[1].failure()).isSameAs(this.ticker.error);
		assertLoadsAgain(cache);
	}

	/** The DEBUG log of a stored token throws while the load is published. */
	@Test
	void publicationErrorReleasesTheWaiterAndTheKey() throws Exception {
		DefaultTokenCache cache = (DefaultTokenCache) builder().build();
		AssertionError error = new AssertionError("log backend down");
		AtomicBoolean armed = new AtomicBoolean(true);
		onLog(Level.FINE, () -> {
			if (armed.getAndSet(false)) {
				throw error;
			}
		});
		Caller[] callers = ownerAndWaiter(cache, () -> null);
		assertThat(callers[0].failure()).isSameAs(error);
		assertThat(callers[1].failure()).isSameAs(error);
		assertLoadsAgain(cache);
	}

	@Test
	void staleFallbackErrorReleasesTheWaiterAndTheKey() throws Exception {
		DefaultTokenCache cache = (DefaultTokenCache) builder()
			.backoff(Duration.ZERO, Duration.ZERO)
			.build();
		cache.put("k", "stale", Duration.ofMinutes(10));
		this.ticker.advance(Duration.ofSeconds(590));
		AssertionError error = new AssertionError("log backend down");
		AtomicBoolean armed = new AtomicBoolean(true);
		onLog(Level.WARNING, () -> {
			if (armed.getAndSet(false)) {
				throw error;
			}
		});
		Caller[] callers = ownerAndWaiter(cache, () -> {
			throw new IllegalStateException("identity provider down");
		});
		assertThat(callers[0].failure()).isSameAs(error);
		assertThat(callers[1].failure()).isSameAs(error);
		assertThat(cache.isLoading("k")).isFalse();
		assertThat(cache.get("k", WORKING)).isEqualTo("token-k");
	}

	/**
	 * Starts an owner whose load waits until a second caller has joined it and parked, then runs
	 * {@code fault}: what it returns is the token (if not {@code null}), what it throws the
	 * loader's failure.
	 */
	private Caller[] ownerAndWaiter(DefaultTokenCache cache, Fault fault) throws InterruptedException {
		CountDownLatch loading = new CountDownLatch(1);
		CountDownLatch joined = new CountDownLatch(1);
		TokenLoader loader = (key) -> {
			loading.countDown();
			joined.await();
			AccessToken token = fault.run();
			return (token != null) ? token : AccessToken.of("token-" + key, 600);
		};
		Caller owner = Caller.start("owner", () -> cache.get("k", loader));
		loading.await();
		Caller waiter = Caller.start("waiter", () -> cache.get("k", loader));
		Waiting.untilParked(List.of(owner.thread, waiter.thread));
		joined.countDown();
		return new Caller[] { owner, waiter };
	}

	private TokenCacheBuilder builder() {
		return TokenCache.builder().ticker(this.ticker).clock(TestCaches.FIXED_CLOCK).sweepInterval(Duration.ZERO);
	}

	private static void assertLoadsAgain(DefaultTokenCache cache) {
		assertThat(cache.isLoading("k")).isFalse();
		assertThat(cache.get("k", WORKING)).isEqualTo("token-k");
	}

	private void onLog(Level level, Runnable action) {
		Handler handler = new Handler() {
			@Override
			public void publish(LogRecord record) {
				if (record.getLevel().equals(level)) {
					action.run();
				}
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}
		};
		this.julLogger.setLevel(Level.ALL);
		this.julLogger.addHandler(handler);
		this.handlers.add(handler);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@FunctionalInterface
	private interface Fault {

		AccessToken run() throws Exception;

	}

	/** A fake ticker that throws an {@link Error} at a chosen read on one thread, once. */
	private static final class FaultyTicker implements SteppedTicker {

		final FakeTicker fake = new FakeTicker();

		final Error error = new InternalError("clock broken");

		private final AtomicReference<Thread> thread = new AtomicReference<>();

		private final AtomicInteger readsLeft = new AtomicInteger();

		/** The fake's clocks are this ticker's: they read this one, so that it can fail. */
		void advance(Duration duration) {
			this.fake.advance(duration);
		}

		@Override
		public void attach(CoarseClock clock) {
			this.fake.attach(clock);
		}

		@Override
		public void detach(CoarseClock clock) {
			this.fake.detach(clock);
		}

		void failOnThisThread(int read) {
			this.readsLeft.set(read);
			this.thread.set(Thread.currentThread());
		}

		@Override
		public long read() {
			if (this.thread.get() == Thread.currentThread() && this.readsLeft.decrementAndGet() == 0) {
				this.thread.set(null);
				throw this.error;
			}
			return this.fake.read();
		}

	}

}
