package io.tokencache;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

import org.jspecify.annotations.Nullable;

/**
 * An exact counter of hits whose common increment has no atomic instruction, no lock and no
 * allocation, on pooled and on new (virtual) threads alike.
 *
 * <p>A {@link java.util.concurrent.atomic.LongAdder} increment is a locked compare-and-swap,
 * which on the benchmark machines costs more than the map read it counts: {@code HitBenchmark}
 * put 63 to 66% of a hit's CPU in it and the hit path at 0.44 to 0.49 of
 * {@code ConcurrentHashMap.get} (target 0.6). A {@code ThreadLocal} cell per thread avoids the
 * CAS but registers a cell, under a lock and with an allocation, on every new thread: once per
 * request with a virtual thread per request.
 *
 * <p>So a fixed table of {@link #CELLS} padded cells is indexed by the thread's id. A cell is
 * owned by one thread, which adds to {@code count} with an opaque store: only the owner writes
 * it. A thread that finds its slot owned by a thread that has ended takes the cell over with
 * one CAS (the ended thread made its last write visible, JLS 17.4.4) and counts in it from then
 * on. A thread whose slot is owned by a live thread looks for, or claims, a cell in the next
 * few slots, and only if all are owned by live threads adds to its home cell's {@code shared}
 * count with an atomic add, a cache line away from the owner's {@code count}. In five
 * alternating single-fork runs of {@code HitBenchmark} at two threads, {@code get(key, loader)}
 * measured 0.60 to 0.73 of {@code ConcurrentHashMap.get} with the first version of this (which
 * read the neighbouring slots first), against 0.53 to 0.66 before; the runs did not isolate
 * which change helped, and later runs of both spread from 0.5 to 0.8. Thread ids are sequential,
 * so a pool's threads get slots of their own and count without an atomic. Cells are created on a
 * slot's first use and never removed, so the memory stays bounded however many threads come and
 * go.
 *
 * <p>A virtual thread never owns a cell: it adds atomically to its home cell's {@code shared}
 * count, one atomic instruction per hit, no lock and no allocation. With a virtual thread per
 * request, every hit is a new thread's first, and taking the cell over, as platform threads do,
 * read the ended owner's {@code Thread} (a cold cache line) before its compare-and-swap:
 * {@code benchmarks/run.sh virtual}, timing the read inside each new thread, measured it at 134
 * to 145 ns against Caffeine's 62 to 75 and the map's 18 to 20; with the atomic add, 55 to 80
 * against Caffeine's 87 to 94 and the map's 33, in two runs of each. A long-lived virtual thread
 * pays the atomic on every hit, the cost of a {@code LongAdder}.
 *
 * <p>Static methods over a table that the cache holds in a field of its own, rather than an
 * object holding the table, so that a hit loads the table from the cache it already has, with
 * one dependent load fewer (as {@link Entries} does for the map).
 */
final class HitCounter {

	/** Four per processor, and at least 64, so that the live threads of a pool rarely share a slot. */
	static final int CELLS = Math.max(64, Integer.highestOneBit(Runtime.getRuntime().availableProcessors() * 8 - 1));

	/** Slots a thread tries, from its home slot on, before it counts in a cell it shares. */
	static final int PROBES = 4;

	private static final VarHandle COUNT;

	private static final VarHandle SHARED;

	private static final VarHandle OWNER;

	private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Cell[].class);

	/** {@code Thread.isVirtual()} on JDK 21 and later; on 17, which has no virtual threads, always false. */
	private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			COUNT = lookup.findVarHandle(Cell.class, "count", long.class);
			SHARED = lookup.findVarHandle(Cell.class, "shared", long.class);
			OWNER = lookup.findVarHandle(Cell.class, "owner", Thread.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private HitCounter() {
	}

	/** A new, empty table; its cells are created on first use. */
	static @Nullable Cell[] newCells() {
		return new Cell[CELLS];
	}

	/**
	 * A plain read of the owner suffices: only a live owner's own CAS puts it there, and nobody
	 * replaces it while it lives, so a thread that reads itself is the owner.
	 */
	static void increment(@Nullable Cell[] cells) {
		Thread thread = Thread.currentThread();
		Cell cell = cells[slot(thread)];
		if (cell != null && cell.owner == thread) {
			COUNT.setOpaque(cell, cell.count + 1);
		}
		else {
			incrementUnowned(cells, thread);
		}
	}

	/**
	 * The slow path: this thread does not own its home slot's cell. A virtual thread adds to the
	 * cell's {@code shared} count (see the class comment). A platform thread takes the cell if it
	 * is new, unowned or its owner has ended; otherwise it looks for its own cell in
	 * the next slots, up to {@link #PROBES} in all, then claims one there; failing that, it adds
	 * atomically to the home cell's {@code shared} count. Before the probing, a thread whose home
	 * slot a live thread owned (a pool of more than {@link #CELLS} threads has many) always took
	 * that atomic path. The home slot comes first, so that a thread that outlives its
	 * predecessor in the slot takes the cell over with no more reads than that.
	 */
	private static void incrementUnowned(@Nullable Cell[] cells, Thread thread) {
		int home = slot(thread);
		if (isVirtual(thread)) {
			SHARED.getAndAdd(cellAt(cells, home), 1L);
			return;
		}
		Cell cell = claim(cells, home, thread);
		for (int probe = 1; cell == null && probe < PROBES; probe++) {
			Cell other = (Cell) SLOT.getAcquire(cells, (home + probe) & (CELLS - 1));
			cell = (other != null && other.owner == thread) ? other : null;
		}
		for (int probe = 1; cell == null && probe < PROBES; probe++) {
			cell = claim(cells, (home + probe) & (CELLS - 1), thread);
		}
		if (cell != null) {
			COUNT.setOpaque(cell, cell.count + 1);
		}
		else {
			SHARED.getAndAdd(SLOT.getAcquire(cells, home), 1L);
		}
	}

	/**
	 * The cell of the slot if this thread owns it or can take it: it is new, or its owner has
	 * ended (which made its last writes visible, JLS 17.4.4); {@code null} if a live thread owns it.
	 */
	private static @Nullable Cell claim(@Nullable Cell[] cells, int slot, Thread thread) {
		Cell cell = (Cell) SLOT.getAcquire(cells, slot);
		if (cell == null) {
			Cell created = new Cell(thread);
			Cell witness = (Cell) SLOT.compareAndExchangeRelease(cells, slot, null, created);
			if (witness == null) {
				return created;
			}
			cell = witness;
		}
		Thread owner = (Thread) OWNER.getAcquire(cell);
		if (owner == thread || ((owner == null || !owner.isAlive()) && OWNER.compareAndSet(cell, owner, thread))) {
			return cell;
		}
		return null;
	}

	/** The slot's cell, created unowned if the slot has none. */
	private static Cell cellAt(@Nullable Cell[] cells, int slot) {
		Cell cell = (Cell) SLOT.getAcquire(cells, slot);
		if (cell == null) {
			Cell created = new Cell(null);
			Cell witness = (Cell) SLOT.compareAndExchangeRelease(cells, slot, null, created);
			cell = (witness != null) ? witness : created;
		}
		return cell;
	}

	private static boolean isVirtual(Thread thread) {
		try {
			return (boolean) IS_VIRTUAL.invokeExact(thread);
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Thread.isVirtual() failed", ex);
		}
	}

	private static MethodHandle isVirtualHandle() {
		try {
			return MethodHandles.publicLookup()
				.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
		}
		catch (NoSuchMethodException ex) {
			return MethodHandles.dropArguments(MethodHandles.constant(boolean.class, false), 0, Thread.class);
		}
		catch (IllegalAccessException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** Sequential ids spread a pool's threads over distinct slots; correctness never depends on it. */
	@SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+; getId() returns the same id.
	private static int slot(Thread thread) {
		return (int) thread.getId() & (CELLS - 1);
	}

	/** Like {@code LongAdder.sum()}: exact once increments stop, not an atomic snapshot. */
	static long sum(@Nullable Cell[] cells) {
		long sum = 0;
		for (int slot = 0; slot < CELLS; slot++) {
			Cell cell = (Cell) SLOT.getAcquire(cells, slot);
			if (cell != null) {
				sum += (long) COUNT.getOpaque(cell) + (long) SHARED.getVolatile(cell);
			}
		}
		return sum;
	}

	/** How many cells exist: never more than {@link #CELLS}, however many threads have counted. */
	static int cellCount(@Nullable Cell[] cells) {
		int count = 0;
		for (int slot = 0; slot < CELLS; slot++) {
			if (SLOT.getAcquire(cells, slot) != null) {
				count++;
			}
		}
		return count;
	}

	/** Padded so that two threads' cells never share a cache line. */
	@SuppressWarnings("unused")
	static final class Cell {

		long p1, p2, p3, p4, p5, p6, p7;

		/** Written by the owner only. */
		long count;

		long q1, q2, q3, q4, q5, q6, q7;

		/**
		 * Added to atomically by threads that found no cell of their own; a cache line away from
		 * {@code count}, so that they do not slow its owner down.
		 */
		long shared;

		long r1, r2, r3, r4, r5, r6, r7;

		/** Written by CAS only; see {@link HitCounter#increment}. {@code null} until a platform thread takes it. */
		@Nullable Thread owner;

		Cell(@Nullable Thread owner) {
			this.owner = owner;
		}

	}

}
