package io.tokencache.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.tokencache.TokenCache;

/**
 * Takes TokenCache's hit path apart: a map read, then the expiry check against a volatile
 * clock, then each way to count the hit. Not in the suite; run it when the hit path misses its
 * target, to see which step costs what:
 * {@code java -jar benchmarks/target/benchmarks.jar HitPathCostBenchmark -t 2}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class HitPathCostBenchmark {

	private static final VarHandle COUNT;

	static {
		try {
			COUNT = MethodHandles.lookup().findVarHandle(Cell.class, "count", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final String[] keys = Tokens.keys(Tokens.KEY_COUNT);

	private final ConcurrentHashMap<String, Slot> map = new ConcurrentHashMap<>();

	private final LongAdder adder = new LongAdder();

	private final ThreadLocal<Cell> cells = ThreadLocal.withInitial(Cell::new);

	private final Cell[] byId = new Cell[64];

	private volatile long now = 1;

	private TokenCache cache;

	@Setup(Level.Trial)
	public void fill() {
		this.cache = TokenCache.builder().build();
		for (int i = 0; i < this.keys.length; i++) {
			this.map.put(this.keys[i], new Slot(Tokens.token(i), Long.MAX_VALUE));
			this.cache.put(this.keys[i], Tokens.token(i), Tokens.TTL);
		}
	}

	@TearDown(Level.Trial)
	public void close() {
		this.cache.close();
	}

	@Benchmark
	public @Nullable Slot mapGet(Cursor cursor) {
		return this.map.get(this.keys[cursor.next()]);
	}

	@Benchmark
	public @Nullable String mapGetExpiry(Cursor cursor) {
		Slot slot = this.map.get(this.keys[cursor.next()]);
		return (slot != null && this.now < slot.refreshAt) ? slot.token : null;
	}

	@Benchmark
	public @Nullable String mapGetExpiryLongAdder(Cursor cursor) {
		Slot slot = this.map.get(this.keys[cursor.next()]);
		if (slot != null && this.now < slot.refreshAt) {
			this.adder.increment();
			return slot.token;
		}
		return null;
	}

	/** A counter cell per thread, written by its thread only: exact without an atomic add. */
	@Benchmark
	public @Nullable String mapGetExpiryThreadCell(Cursor cursor) {
		Slot slot = this.map.get(this.keys[cursor.next()]);
		if (slot != null && this.now < slot.refreshAt) {
			Cell cell = this.cells.get();
			COUNT.setOpaque(cell, cell.count + 1);
			return slot.token;
		}
		return null;
	}

	/**
	 * The floor of exact per-thread counting: a field of JMH's per-thread state, which the hit
	 * gets without looking it up. Close to {@link #mapGetExpiry}, so the increment itself is
	 * cheap; finding the current thread's cell is what costs.
	 */
	@Benchmark
	public @Nullable String mapGetExpiryThreadState(Cursor cursor, ThreadCount count) {
		Slot slot = this.map.get(this.keys[cursor.next()]);
		if (slot != null && this.now < slot.refreshAt) {
			count.count++;
			return slot.token;
		}
		return null;
	}

	/** The floor plus {@code Thread.currentThread()}: what any per-thread lookup starts with. */
	@Benchmark
	public @Nullable String mapGetExpiryThreadStateCurrentThread(Cursor cursor, ThreadCount count) {
		Slot slot = this.map.get(this.keys[cursor.next()]);
		if (slot != null && this.now < slot.refreshAt) {
			if (count.owner == Thread.currentThread()) {
				count.count++;
			}
			return slot.token;
		}
		return null;
	}

	/**
	 * The cell found by thread id in an array and checked by owner, instead of a ThreadLocal: as
	 * fast as the ThreadLocal within the error. HitCounter indexes its cells this way, since a new
	 * thread then needs no cell of its own (no registration, no allocation).
	 */
	@Benchmark
	public @Nullable String mapGetExpiryIdCell(Cursor cursor) {
		Slot slot = this.map.get(this.keys[cursor.next()]);
		if (slot != null && this.now < slot.refreshAt) {
			Thread thread = Thread.currentThread();
			Cell cell = this.byId[(int) thread.getId() & (this.byId.length - 1)];
			if (cell == null || cell.owner != thread) {
				cell = this.cells.get();
				this.byId[(int) thread.getId() & (this.byId.length - 1)] = cell;
			}
			COUNT.setOpaque(cell, cell.count + 1);
			return slot.token;
		}
		return null;
	}

	@Benchmark
	public Optional<String> tokenCacheGet(Cursor cursor) {
		return this.cache.get(this.keys[cursor.next()]);
	}

	/** The stand-in for TokenCache's entry. */
	static final class Slot {

		final String token;

		final long refreshAt;

		Slot(String token, long refreshAt) {
			this.token = token;
			this.refreshAt = refreshAt;
		}

	}

	/** Padded so that two threads' cells never share a cache line. */
	@SuppressWarnings("unused")
	static final class Cell {

		long p1, p2, p3, p4, p5, p6, p7;

		long count;

		long q1, q2, q3, q4, q5, q6, q7;

		final Thread owner = Thread.currentThread();

	}

	/** A per-thread counter that JMH hands to the benchmark method. */
	@State(Scope.Thread)
	public static class ThreadCount {

		long count;

		@Nullable Thread owner;

		/** Runs in the benchmark thread, since the state is per thread. */
		@Setup(Level.Trial)
		public void own() {
			this.owner = Thread.currentThread();
		}

	}

}
