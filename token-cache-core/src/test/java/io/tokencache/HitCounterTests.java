package io.tokencache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hit counts are exact whether threads own their cell, share a slot with a live owner, or take
 * over the cell of one that ended; and the cells stay bounded however many threads come and go.
 */
class HitCounterTests {

	private final HitCounter.Table cells = HitCounter.newTable();

	@Test
	void countsEveryIncrementOfConcurrentThreads() throws InterruptedException {
		runConcurrently(8, 100_000);
		HitCounter.increment(this.cells);
		assertThat(HitCounter.sum(this.cells)).isEqualTo(800_001);
	}

	/** Twice as many live threads as cells: some slots have a live owner and another counter. */
	@Test
	void countsExactlyWhenMoreThreadsAreAliveThanThereAreCells() throws InterruptedException {
		runConcurrently(HitCounter.CELLS * 2, 1_000);
		assertThat(HitCounter.sum(this.cells)).isEqualTo(HitCounter.CELLS * 2 * 1_000L);
		assertThat(HitCounter.ownedCells(this.cells)).isLessThanOrEqualTo(HitCounter.CELLS);
	}

	@Test
	void cellsStayBoundedWhileManyShortLivedThreadsCount() throws InterruptedException {
		int threads = HitCounter.CELLS * 20;
		for (int t = 0; t < threads; t++) {
			Thread thread = new Thread(() -> HitCounter.increment(this.cells));
			thread.start();
			thread.join();
		}
		assertThat(HitCounter.sum(this.cells)).isEqualTo(threads);
		assertThat(HitCounter.ownedCells(this.cells)).isPositive().isLessThanOrEqualTo(HitCounter.CELLS);
	}

	/**
	 * Three threads of one slot: the first owns the cell, the second claims the next slot's cell
	 * while the first lives, rather than adding atomically beside it, and the third takes the
	 * first cell over once its owner has ended. Two cells hold all their hits.
	 */
	@Test
	void threadsOfOneSlotShareOneCellWithoutLosingCounts() throws InterruptedException {
		CountDownLatch ownerCounted = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread owner = new Thread(() -> {
			increment(1_000);
			ownerCounted.countDown();
			awaitQuietly(release);
			increment(1_000);
		});
		Thread beside = threadOfSameSlot(owner, () -> increment(1_000));
		owner.start();
		ownerCounted.await();
		beside.start();
		beside.join();
		release.countDown();
		owner.join();
		Thread successor = threadOfSameSlot(owner, () -> increment(1_000));
		successor.start();
		successor.join();
		assertThat(HitCounter.sum(this.cells)).isEqualTo(4_000);
		assertThat(HitCounter.ownedCells(this.cells)).isEqualTo(2);
	}

	private void runConcurrently(int threadCount, int incrementsEach) throws InterruptedException {
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < threadCount; t++) {
			Thread thread = new Thread(() -> {
				awaitQuietly(start);
				increment(incrementsEach);
			});
			thread.start();
			threads.add(thread);
		}
		start.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
	}

	private void increment(int times) {
		for (int i = 0; i < times; i++) {
			HitCounter.increment(this.cells);
		}
	}

	/** Thread ids are sequential, so one of the next {@link HitCounter#CELLS} threads shares the slot. */
	@SuppressWarnings("deprecation")
	private static Thread threadOfSameSlot(Thread other, Runnable task) {
		while (true) {
			Thread thread = new Thread(task);
			if (((thread.getId() - other.getId()) & (HitCounter.CELLS - 1)) == 0) {
				return thread;
			}
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
