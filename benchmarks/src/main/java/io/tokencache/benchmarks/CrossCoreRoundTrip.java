package io.tokencache.benchmarks;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a cache line takes to go from one core to another and back, printed beside every
 * section's load average, so that each figure says which regime of the host it was taken in.
 *
 * <p>On a virtual machine this can flip between two regimes as the host places its vCPUs.
 * Everything that two threads share (a hit counter's cell written by the other carrier, the map
 * and eviction state that two putting threads write) costs in proportion, so a two-thread figure
 * means most beside the round trip of its run (docs/benchmarks.md, "Method").
 *
 * <p>Two threads pass one counter back and forth, each spinning until it sees the other's write;
 * the median of five bursts, after the first (warm-up) is dropped.
 */
public final class CrossCoreRoundTrip {

	private static final int TRIPS = 100_000;

	private CrossCoreRoundTrip() {
	}

	/**
	 * Prints the median round trip, once a second, as many times as the argument says (10 by
	 * default): {@code java -cp benchmarks/target/benchmarks.jar
	 * io.tokencache.benchmarks.CrossCoreRoundTrip 60} watches the host for a minute.
	 * @param args how many times
	 * @throws InterruptedException if interrupted between two
	 */
	public static void main(String[] args) throws InterruptedException {
		int times = (args.length > 0) ? Integer.parseInt(args[0]) : 10;
		for (int i = 0; i < times; i++) {
			System.out.println(medianNanos() + " ns");
			Thread.sleep(1000);
		}
	}

	/** The median round trip of five bursts, in nanoseconds. */
	static long medianNanos() {
		burst();
		long[] bursts = new long[5];
		for (int i = 0; i < bursts.length; i++) {
			bursts[i] = burst();
		}
		Arrays.sort(bursts);
		return bursts[bursts.length / 2];
	}

	private static long burst() {
		AtomicLong ball = new AtomicLong();
		long end = 2L * TRIPS;
		Thread partner = new Thread(() -> {
			for (long i = 1; i < end; i += 2) {
				awaitAndPass(ball, i);
			}
		}, "cross-core-partner");
		partner.setDaemon(true);
		partner.start();
		long start = System.nanoTime();
		for (long i = 0; i < end; i += 2) {
			awaitAndPass(ball, i);
		}
		while (ball.get() != end) {
			Thread.onSpinWait();
		}
		long elapsed = System.nanoTime() - start;
		try {
			partner.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while measuring the cross-core round trip", ex);
		}
		return elapsed / TRIPS;
	}

	private static void awaitAndPass(AtomicLong ball, long turn) {
		while (ball.get() != turn) {
			Thread.onSpinWait();
		}
		ball.set(turn + 1);
	}

}
