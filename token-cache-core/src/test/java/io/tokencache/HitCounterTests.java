package io.tokencache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HitCounterTests {

	@Test
	void countsEveryIncrementOfConcurrentThreadsIncludingThoseThatEnded() throws InterruptedException {
		HitCounter counter = new HitCounter();
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 8; t++) {
			Thread thread = new Thread(() -> {
				awaitQuietly(start);
				for (int i = 0; i < 100_000; i++) {
					counter.increment();
				}
			});
			thread.start();
			threads.add(thread);
		}
		start.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		counter.increment();
		assertThat(counter.sum()).isEqualTo(800_001);
	}

	@Test
	void foldsTheCellsOfEndedThreadsWithoutLosingTheirCounts() throws InterruptedException {
		HitCounter counter = new HitCounter();
		for (int t = 0; t < HitCounter.FOLD_EVERY * 3; t++) {
			Thread thread = new Thread(counter::increment);
			thread.start();
			thread.join();
		}
		assertThat(counter.sum()).isEqualTo(HitCounter.FOLD_EVERY * 3);
		assertThat(counter.sum()).isEqualTo(HitCounter.FOLD_EVERY * 3);
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
