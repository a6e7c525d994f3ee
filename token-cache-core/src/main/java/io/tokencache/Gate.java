package io.tokencache;

import java.util.concurrent.locks.StampedLock;

/**
 * The gate of {@link Entries}, split into stripes by key so that writers of different keys do
 * not contend.
 *
 * <p>A write holds the shared side of its key's stripe; a snapshot or a clear holds the exclusive
 * side of every stripe, so it still sees no write in progress anywhere. Stripes are always taken
 * in index order, so two threads taking several cannot deadlock. Stripes rather than a single
 * {@link StampedLock}, because with one lock every put compares-and-swaps the same word twice,
 * and two writers pass that cache line back and forth (docs/design.md, "Atomicity"). Each stripe is padded so that no two stripes' lock words share a cache
 * line, nor the pair of lines that a CPU may fetch together.
 */
final class Gate {

	/** A power of two, well above the number of threads that put tokens at the same moment. */
	static final int STRIPES = 16;

	private final Stripe[] stripes = new Stripe[STRIPES];

	Gate() {
		for (int i = 0; i < STRIPES; i++) {
			this.stripes[i] = new Stripe();
		}
	}

	/** The stripe of a key: the bits of its hash that {@code ConcurrentHashMap} spreads. */
	static int stripeOf(String key) {
		int hash = key.hashCode();
		return (hash ^ (hash >>> 16)) & (STRIPES - 1);
	}

	long lockShared(int stripe) {
		return this.stripes[stripe].readLock();
	}

	void unlockShared(int stripe, long stamp) {
		this.stripes[stripe].unlockRead(stamp);
	}

	/** Holds every stripe shared: for a write that touches any number of keys. */
	long[] lockAllShared() {
		long[] stamps = new long[STRIPES];
		for (int i = 0; i < STRIPES; i++) {
			stamps[i] = this.stripes[i].readLock();
		}
		return stamps;
	}

	void unlockAllShared(long[] stamps) {
		for (int i = STRIPES - 1; i >= 0; i--) {
			this.stripes[i].unlockRead(stamps[i]);
		}
	}

	/** Holds every stripe exclusively: no write is in progress until {@link #unlockAll}. */
	long[] lockAll() {
		long[] stamps = new long[STRIPES];
		for (int i = 0; i < STRIPES; i++) {
			stamps[i] = this.stripes[i].writeLock();
		}
		return stamps;
	}

	void unlockAll(long[] stamps) {
		for (int i = STRIPES - 1; i >= 0; i--) {
			this.stripes[i].unlockWrite(stamps[i]);
		}
	}

	/**
	 * A lock followed by 128 bytes of padding: the next object, another stripe when they are
	 * allocated in a row, starts that far from this lock's state word.
	 */
	@SuppressWarnings({ "serial", "unused" })
	static final class Stripe extends StampedLock {

		long p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15, p16;

	}

}
