package io.tokencache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * An exact counter of hits whose increment has no atomic instruction.
 *
 * <p>A {@link java.util.concurrent.atomic.LongAdder} increment is a locked compare-and-swap,
 * which on the benchmark machines costs more than the map read it counts. Here each thread adds
 * to a cell that only it writes, with an opaque store, and {@link #sum()} adds the cells up. A
 * cell is registered once per thread; the cells of threads that have ended are folded into a
 * total, every {@link #FOLD_EVERY} registrations and on every sum, so memory follows the live
 * threads even when threads come and go (virtual threads, for example).
 *
 * <p>Hand-written rather than a {@code LongAdder} because the benchmark shows it is needed:
 * {@code HitBenchmark} put 63 to 66% of a hit's CPU in {@code LongAdder}'s CAS and the hit path at
 * 0.44 to 0.49 of {@code ConcurrentHashMap.get} (target 0.6); with this counter it reaches the
 * target. The price: each thread's first hit on a cache registers a padded cell under a short
 * lock. With a pool of platform threads that happens once per thread; with a new virtual thread
 * per request it happens once per request, which is still small next to a request's own cost.
 */
final class HitCounter extends ThreadLocal<HitCounter.Cell> {

	static final int FOLD_EVERY = 64;

	private static final VarHandle COUNT;

	static {
		try {
			COUNT = MethodHandles.lookup().findVarHandle(Cell.class, "count", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** Guarded by this. */
	private final List<Cell> live = new ArrayList<>();

	/** Hits of threads that have ended; guarded by this. */
	private long ended;

	/** Guarded by this. */
	private int registrations;

	/** Extends rather than holds the ThreadLocal, to spare the hit path one dependent load. */
	void increment() {
		Cell cell = get();
		// Only the owner writes, so reading its own last write needs no ordering.
		COUNT.setOpaque(cell, cell.count + 1);
	}

	/** Like {@code LongAdder.sum()}: exact once increments stop, not an atomic snapshot. */
	synchronized long sum() {
		foldEnded();
		long sum = this.ended;
		for (Cell cell : this.live) {
			sum += (long) COUNT.getOpaque(cell);
		}
		return sum;
	}

	@Override
	protected synchronized Cell initialValue() {
		if (++this.registrations % FOLD_EVERY == 0) {
			foldEnded();
		}
		Cell cell = new Cell(Thread.currentThread());
		this.live.add(cell);
		return cell;
	}

	/** A thread seen to have ended has made its last increment visible (JLS 17.4.4). */
	private void foldEnded() {
		Iterator<Cell> cells = this.live.iterator();
		while (cells.hasNext()) {
			Cell cell = cells.next();
			if (!cell.owner.isAlive()) {
				this.ended += (long) COUNT.getOpaque(cell);
				cells.remove();
			}
		}
	}

	/** Padded so that two threads' cells never share a cache line. */
	@SuppressWarnings("unused")
	static final class Cell {

		long p1, p2, p3, p4, p5, p6, p7;

		long count;

		long q1, q2, q3, q4, q5, q6, q7;

		final Thread owner;

		Cell(Thread owner) {
			this.owner = owner;
		}

	}

}
