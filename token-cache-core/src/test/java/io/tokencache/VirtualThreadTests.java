package io.tokencache;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Hits on virtual threads, a new one per request: counted exactly, with one atomic add and no
 * cell of their own, so that a new thread neither claims nor allocates. Runs on JDK 21 or later
 * only: the build runs it on the JDK 25 beside JDK 17 (the {@code virtual-threads} execution of
 * this module's surefire plugin); on JDK 17 it is skipped. The module compiles for 17, so virtual
 * threads come from {@code Thread.ofVirtual()} by reflection.
 */
class VirtualThreadTests {

	private static final String TOKEN = "vt-token-V1RTU4L-5ecret";

	@BeforeAll
	static void needsVirtualThreads() {
		assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21 or later");
	}

	/** The path production takes: the cache's own clock, its hit counter, its stats. */
	@Test
	void hitsOfManyNewVirtualThreadsAreCountedExactly() throws Exception {
		try (TokenCache cache = TokenCache.builder().build()) {
			cache.put("tenant", TOKEN, Duration.ofHours(1));
			TokenLoader loader = (key) -> {
				throw new IllegalStateException("present, must not load");
			};
			int threads = 20_000;
			runVirtual(threads, () -> {
				assertThat(cache.get("tenant")).contains(TOKEN);
				assertThat(cache.get("tenant", loader)).isEqualTo(TOKEN);
			});
			assertThat(cache.stats().hitCount()).isEqualTo(2L * threads);
			assertThat(cache.stats().missCount()).isZero();
		}
	}

	@Test
	void virtualThreadsCountWithoutClaimingACell() throws Exception {
		HitCounter.Table cells = HitCounter.newTable();
		int threads = HitCounter.CELLS * 50;
		runVirtual(threads, () -> {
			HitCounter.increment(cells);
			HitCounter.increment(cells);
		});
		assertThat(HitCounter.sum(cells)).isEqualTo(2L * threads);
		assertThat(HitCounter.ownedCells(cells)).isZero();
	}

	/**
	 * A platform thread still takes the cell of a slot that virtual threads counted in, and then counts
	 * in it with plain writes, while virtual threads go on adding beside it.
	 */
	@Test
	void platformThreadTakesTheCellThatVirtualThreadsCreated() throws Exception {
		HitCounter.Table cells = HitCounter.newTable();
		runVirtual(HitCounter.CELLS * 4, () -> HitCounter.increment(cells));
		CountDownLatch counting = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread platform = new Thread(() -> {
			for (int i = 0; i < 1_000; i++) {
				HitCounter.increment(cells);
			}
			counting.countDown();
			await(release);
		});
		platform.start();
		counting.await();
		runVirtual(HitCounter.CELLS * 4, () -> HitCounter.increment(cells));
		assertThat(ownerOfSlotOf(cells, platform)).isSameAs(platform);
		release.countDown();
		platform.join();
		assertThat(HitCounter.sum(cells)).isEqualTo(HitCounter.CELLS * 8L + 1_000);
	}

	/** Starts the threads, lets them run the task all at once, and waits for every one. */
	private static void runVirtual(int count, Runnable task) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		List<Throwable> failures = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Thread thread = newVirtualThread(() -> {
				await(start);
				task.run();
			});
			thread.setUncaughtExceptionHandler((t, failure) -> {
				synchronized (failures) {
					failures.add(failure);
				}
			});
			assertThat(isVirtual(thread)).isTrue();
			thread.start();
			threads.add(thread);
		}
		start.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(failures).isEmpty();
	}

	@SuppressWarnings("deprecation")
	private static @Nullable Thread ownerOfSlotOf(HitCounter.Table cells, Thread thread) {
		return HitCounter.owner(cells, (int) thread.getId() & (HitCounter.CELLS - 1));
	}

	private static Thread newVirtualThread(Runnable task) throws ReflectiveOperationException {
		Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
		Method unstarted = Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class);
		return (Thread) unstarted.invoke(builder, task);
	}

	private static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
		return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
