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
 * which costs more than the map read it counts; a {@code ThreadLocal} cell per thread avoids the
 * CAS but registers a cell, under a lock and with an allocation, on every new thread: once per
 * request with a virtual thread per request. The figures behind this choice are in
 * docs/design.md, "The hit path".
 *
 * <p>So a fixed table of {@link #CELLS} padded cells is indexed by the thread's id. A cell is
 * owned by one thread, which adds to its count with an opaque store: only the owner writes
 * it. A thread that finds its slot owned by a thread that has ended takes the cell over with
 * one CAS (the ended thread made its last write visible, JLS 17.4.4) and counts in it from then
 * on. A thread whose slot is owned by a live thread looks for, or claims, a cell in the next
 * {@link #PROBES} slots, and only if all are owned by live threads adds to its home cell's
 * shared count with an atomic add, a cache line away from the owner's count. Thread ids are
 * sequential, so a pool's threads get slots of their own and count without an atomic. The table
 * is allocated once, 8 KB with 64 cells, so the memory stays bounded however many threads come
 * and go.
 *
 * <p>A virtual thread never owns a cell: it adds atomically to its home cell's shared count,
 * one atomic instruction per hit, no lock and no allocation. With a virtual thread per request
 * every hit is a new thread's first, and taking the cell over, as platform threads do, would
 * first read the ended owner's {@code Thread}, a cold cache line. A long-lived virtual thread
 * pays the atomic on every hit, the cost of a {@code LongAdder}.
 *
 * <p>The cells are slices of one {@code long[]}, the owner's id beside its count, rather than
 * objects in an array: a hit then loads the array, and reads and writes one cache line of it,
 * with no dependent load of a cell object and of its owner field in between. Static methods
 * over a {@link Table} that the cache holds in a field of its own (as {@link Entries} does for
 * the map).
 */
final class HitCounter {

	/** Four per processor, and at least 64, so that the live threads of a pool rarely share a slot. */
	static final int CELLS = Math.max(64, Integer.highestOneBit(Runtime.getRuntime().availableProcessors() * 8 - 1));

	/** Slots a thread tries, from its home slot on, before it counts in a cell it shares. */
	static final int PROBES = 4;

	/**
	 * Longs per cell: 128 bytes, so that no two cells share a cache line, nor the pair of lines a
	 * CPU may fetch together. A cell's owner id and count are its first two longs, on one line;
	 * its shared count is eight longs on, a line away from them.
	 */
	private static final int STRIDE = 16;

	private static final int OWNER_ID = 0;

	private static final int COUNT = 1;

	private static final int SHARED = 8;

	private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

	private static final VarHandle OWNERS = MethodHandles.arrayElementVarHandle(Thread[].class);

	/** {@code Thread.isVirtual()} on JDK 21 and later; on 17, which has no virtual threads, always false. */
	private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

	private HitCounter() {
	}

	/** A new, empty table. */
	static Table newTable() {
		return new Table(new long[CELLS * STRIDE], new Thread[CELLS]);
	}

	/**
	 * A plain read of the owner's id suffices: only the owner writes its id there, after its own
	 * CAS of the slot's owner, nobody replaces it while it lives, and ids are never reused, so a
	 * thread that reads its own id is the owner.
	 */
	static void increment(Table table) {
		long[] longs = table.longs;
		long id = id(Thread.currentThread());
		int cell = ((int) id & (CELLS - 1)) * STRIDE;
		if (longs[cell + OWNER_ID] == id) {
			LONGS.setOpaque(longs, cell + COUNT, longs[cell + COUNT] + 1);
		}
		else {
			incrementUnowned(table, Thread.currentThread());
		}
	}

	/**
	 * The slow path: this thread does not own its home slot's cell. A virtual thread adds to the
	 * cell's shared count (see the class comment). A platform thread takes the cell if it is
	 * unowned or its owner has ended; otherwise it looks for its own cell in the next slots, up to
	 * {@link #PROBES} in all, then claims one there; failing that, it adds atomically to the home
	 * cell's shared count. The home slot comes first, so that a thread that outlives its
	 * predecessor in the slot takes the cell over with no more reads than that.
	 */
	private static void incrementUnowned(Table table, Thread thread) {
		int home = slot(thread);
		if (isVirtual(thread)) {
			LONGS.getAndAdd(table.longs, home * STRIDE + SHARED, 1L);
			return;
		}
		int cell = claim(table, home, thread) ? home : -1;
		for (int probe = 1; cell < 0 && probe < PROBES; probe++) {
			int slot = (home + probe) & (CELLS - 1);
			cell = (OWNERS.getAcquire(table.owners, slot) == thread) ? slot : -1;
		}
		for (int probe = 1; cell < 0 && probe < PROBES; probe++) {
			int slot = (home + probe) & (CELLS - 1);
			cell = claim(table, slot, thread) ? slot : -1;
		}
		if (cell >= 0) {
			LONGS.setOpaque(table.longs, cell * STRIDE + COUNT, table.longs[cell * STRIDE + COUNT] + 1);
		}
		else {
			LONGS.getAndAdd(table.longs, home * STRIDE + SHARED, 1L);
		}
	}

	/**
	 * Whether this thread owns the slot's cell, or has just taken it: it was unowned, or its owner
	 * has ended (which made its last writes visible, JLS 17.4.4); {@code false} if a live thread
	 * owns it.
	 */
	private static boolean claim(Table table, int slot, Thread thread) {
		Thread owner = (Thread) OWNERS.getAcquire(table.owners, slot);
		if (owner == thread) {
			return true;
		}
		if ((owner == null || !owner.isAlive()) && OWNERS.compareAndSet(table.owners, slot, owner, thread)) {
			LONGS.setOpaque(table.longs, slot * STRIDE + OWNER_ID, id(thread));
			return true;
		}
		return false;
	}

	private static int slot(Thread thread) {
		return (int) id(thread) & (CELLS - 1);
	}

	/** Sequential ids spread a pool's threads over distinct slots; correctness never depends on it. */
	@SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+; getId() returns the same id.
	private static long id(Thread thread) {
		return thread.getId();
	}

	/** Like {@code LongAdder.sum()}: exact once increments stop, not an atomic snapshot. */
	static long sum(Table table) {
		long sum = 0;
		for (int slot = 0; slot < CELLS; slot++) {
			sum += (long) LONGS.getOpaque(table.longs, slot * STRIDE + COUNT)
					+ (long) LONGS.getVolatile(table.longs, slot * STRIDE + SHARED);
		}
		return sum;
	}

	/** The owner of a slot's cell, {@code null} if none; for tests. */
	static @Nullable Thread owner(Table table, int slot) {
		return (Thread) OWNERS.getAcquire(table.owners, slot);
	}

	/** How many cells have an owner: never more than {@link #CELLS}, however many threads have counted. */
	static int ownedCells(Table table) {
		int count = 0;
		for (int slot = 0; slot < CELLS; slot++) {
			if (owner(table, slot) != null) {
				count++;
			}
		}
		return count;
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

	/**
	 * The cells: counts in one flat array, which a hit reads with one dependent load fewer than
	 * an array of cell objects, and the owners, which only the slow path reads, in another. A
	 * class, not a record: Lincheck's model checker reads every field of the cache through
	 * {@code Unsafe}, which refuses the fields of records.
	 */
	static final class Table {

		final long[] longs;

		final @Nullable Thread[] owners;

		Table(long[] longs, @Nullable Thread[] owners) {
			this.longs = longs;
			this.owners = owners;
		}

	}

}
