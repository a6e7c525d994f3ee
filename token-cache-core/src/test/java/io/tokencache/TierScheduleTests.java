package io.tokencache;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.tokencache.SharedTierTests.RecordingTier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * {@link LocalTokens#schedule}: a shared tier's periodic tasks run on the cache's one background
 * thread, while the cache is open, and survive a task that throws.
 */
@Timeout(30)
class TierScheduleTests {

	private static final Duration INTERVAL = Duration.ofMillis(5);

	@Test
	void taskRunsOnTheSharedBackgroundThreadUntilItsHandleIsClosed() throws Exception {
		RecordingTier tier = new RecordingTier();
		try (TokenCache cache = TokenCache.builder().sharedTier(tier).build()) {
			Set<String> threads = ConcurrentHashMap.newKeySet();
			CountDownLatch runs = new CountDownLatch(3);
			AtomicInteger count = new AtomicInteger();
			AutoCloseable handle = tier.local.schedule(() -> {
				threads.add(Thread.currentThread().getName());
				count.incrementAndGet();
				runs.countDown();
			}, INTERVAL);
			assertThat(runs.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(threads).containsExactly(Scheduler.THREAD_NAME);
			handle.close();
			int afterClose = count.get();
			awaitTicks(5);
			assertThat(count.get()).isLessThanOrEqualTo(afterClose + 1);
		}
	}

	@Test
	void taskThatThrowsRunsAgain() throws Exception {
		RecordingTier tier = new RecordingTier();
		try (TokenCache cache = TokenCache.builder().sharedTier(tier).build()) {
			CountDownLatch runs = new CountDownLatch(3);
			tier.local.schedule(() -> {
				runs.countDown();
				throw new IllegalStateException("expected by the test");
			}, INTERVAL);
			assertThat(runs.await(10, TimeUnit.SECONDS)).isTrue();
		}
	}

	/** Another cache keeps the background thread running, as it does in an application with two caches. */
	@Test
	void taskStopsWhenTheCacheClosesAndRunsAgainWhenItReopens() throws Exception {
		try (TokenCache keeper = TokenCache.builder().build()) {
			stopsWithTheCacheAndRunsAgainWhenItReopens();
		}
	}

	private void stopsWithTheCacheAndRunsAgainWhenItReopens() throws Exception {
		RecordingTier tier = new RecordingTier();
		TokenCache cache = TokenCache.builder().sharedTier(tier).build();
		AtomicInteger count = new AtomicInteger();
		CountDownLatch first = new CountDownLatch(1);
		tier.local.schedule(() -> {
			count.incrementAndGet();
			first.countDown();
		}, INTERVAL);
		assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
		cache.close();
		int closed = count.get();
		awaitTicks(5);
		assertThat(count.get()).isEqualTo(closed);
		cache.init();
		try {
			awaitTicks(5);
			assertThat(count.get()).isGreaterThan(closed);
		}
		finally {
			cache.close();
		}
	}

	@Test
	void badArgumentsAreRejected() {
		RecordingTier tier = new RecordingTier();
		try (TokenCache cache = TokenCache.builder().sharedTier(tier).build()) {
			assertThatNullPointerException().isThrownBy(() -> tier.local.schedule(null, INTERVAL))
				.withMessageContaining("task");
			assertThatNullPointerException().isThrownBy(() -> tier.local.schedule(() -> {
			}, null)).withMessageContaining("interval");
			assertThatIllegalArgumentException().isThrownBy(() -> tier.local.schedule(() -> {
			}, Duration.ZERO)).withMessageContaining("interval");
		}
	}

	/** Waits until the background thread has run a few tasks of another cache, which holds it meanwhile. */
	private static void awaitTicks(int ticks) throws Exception {
		RecordingTier probe = new RecordingTier();
		try (TokenCache probed = TokenCache.builder().sharedTier(probe).build()) {
			CountDownLatch runs = new CountDownLatch(ticks);
			try (AutoCloseable handle = probe.local.schedule(runs::countDown, INTERVAL)) {
				assertThat(runs.await(10, TimeUnit.SECONDS)).isTrue();
			}
		}
	}

}
