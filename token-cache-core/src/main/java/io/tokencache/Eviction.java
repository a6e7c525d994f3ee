package io.tokencache;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import io.tokencache.ExpiryIndex.Bucket;

/**
 * Takes entries out of {@link Entries} in expiry order, through its {@link ExpiryIndex}: the
 * excess of a full cache ({@link #evictTo}) and the expired entries the sweep removes
 * ({@link #removeExpired}). Both hold the eviction lock, so one thread at a time takes nodes out
 * of the index; puts only add to it. A class of its own, beside the storage rather than in it:
 * a hit never comes here, and a put only once it has added a key.
 */
final class Eviction {

	/**
	 * Held by whoever evicts or sweeps, the only threads that take nodes out of the index; puts
	 * only try it ({@link #evictTo}). Its own lock, not the cache's monitor.
	 */
	private final ReentrantLock evictionLock = new ReentrantLock();

	/** How many entries over the maximum a put leaves to the evicting thread before it waits for it. */
	static final int EVICTION_SLACK = 16;

	/**
	 * Tries for the eviction lock before a put parks on it. The holder evicts a few entries and
	 * unlocks within a microsecond or two; parking and waking a thread takes a system call each
	 * way, which would cost two threads filling a full cache more than the eviction itself (the
	 * profile is in docs/design.md, "Eviction").
	 */
	private static final int SPINS = 256;

	/**
	 * Nodes the evictor and the sweep read, for tests. An adder rather than a plain field: the
	 * evicting thread changes from put to put, and a plain field written on every eviction would
	 * move its cache line, and whatever shares it, between the cores.
	 */
	private final LongAdder nodesVisited = new LongAdder();

	private final Entries entries;

	Eviction(Entries entries) {
		this.entries = entries;
	}

	/**
	 * Removes every entry past its expiry, in expiry order: it drains the buckets that ended
	 * before {@code now}, and reads the one that contains {@code now} node by node, so that an
	 * entry goes exactly at its expiry. Its cost is the expired and stale nodes it meets plus one
	 * bucket's worth, never the whole map; later buckets are not touched. Then compacts the index
	 * if stale nodes dominate it ({@link ExpiryIndex#compactIfMostlyStale}).
	 * @return how many were removed
	 */
	int removeExpired(long now) {
		this.evictionLock.lock();
		try {
			ConcurrentHashMap<String, Entry> map = this.entries.map();
			ExpiryIndex index = this.entries.index();
			long current = now >> ExpiryIndex.BUCKET_SHIFT;
			int removed = 0;
			for (Bucket bucket = index.first(); bucket != null && bucket.number < current; bucket = index.first()) {
				for (String key = index.poll(bucket); key != null; key = index.poll(bucket)) {
					Outcome outcome = remove(map, key, bucket.number, now);
					if (outcome == Outcome.CLEARED) {
						return removed;
					}
					removed += (outcome == Outcome.REMOVED) ? 1 : 0;
				}
				index.retire(bucket);
			}
			removed += removeExpiredIn(index.bucket(current), map, index, now);
			index.compactIfMostlyStale(map);
			return removed;
		}
		finally {
			this.evictionLock.unlock();
		}
	}

	private int removeExpiredIn(@Nullable Bucket bucket, ConcurrentHashMap<String, Entry> map, ExpiryIndex index,
			long now) {
		int removed = 0;
		if (bucket != null) {
			for (Iterator<String> nodes = bucket.iterator(); nodes.hasNext();) {
				Outcome outcome = remove(map, nodes.next(), bucket.number, now);
				if (outcome == Outcome.CLEARED) {
					return removed;
				}
				if (outcome != Outcome.LIVE) {
					index.drop(nodes);
					removed += (outcome == Outcome.REMOVED) ? 1 : 0;
				}
			}
		}
		return removed;
	}

	/**
	 * Removes entries, those that expire first first, until at most {@code maximumSize} remain.
	 * Expired entries go first because their buckets come first; within one bucket the order is
	 * insertion order, so the entry removed is the soonest to expire to within 1.07 s, the
	 * resolution of Caffeine's timer wheel.
	 *
	 * <p>One thread evicts at a time, so that two overflowing puts do not both evict for the same
	 * excess; a put waits for it only when the cache is more than {@link #EVICTION_SLACK} over
	 * its maximum ({@link #lockToEvict}). Otherwise a put that finds the lock held returns at
	 * once and leaves its excess to the holder, which checks the size again after unlocking. That check
	 * cannot miss the put: its write to the map's count comes before its failed {@code tryLock}
	 * (a volatile read that saw the lock held), which comes before the holder's unlock, which
	 * comes before the holder's read of the count; volatile accesses are sequentially consistent,
	 * so the holder sees the entry, and evicts it, or another thread that took the lock meanwhile
	 * does, and checks again after its own unlock.
	 * @return how many were removed
	 */
	int evictTo(int maximumSize) {
		int removed = 0;
		for (int size = this.entries.map().size(); size > maximumSize && lockToEvict(maximumSize); size = this.entries.map().size()) {
			int round;
			try {
				round = evictOverflow(maximumSize);
			}
			finally {
				this.evictionLock.unlock();
			}
			if (round == 0) {
				// More puts in flight than maximumSize, none indexed yet: let them index, then look again.
				Thread.yield();
			}
			removed += round;
		}
		return removed;
	}

	/**
	 * Takes the eviction lock if it is free; if it is held, leaves the excess to its holder, up
	 * to {@link #EVICTION_SLACK} entries, and beyond that waits for the lock. Without the wait,
	 * one evicting thread can fall behind another that only puts, so that the cache stays well
	 * over its maximum and evicts tokens put after those it keeps
	 * ({@code EvictionTests.evictionKeepsUpWithTwoThreadsFillingTheCache}). Caffeine's writers likewise wait on its eviction lock when its write buffer is
	 * full. The wait spins first ({@link #SPINS}).
	 * @return whether this thread now holds the lock
	 */
	private boolean lockToEvict(int maximumSize) {
		if (this.evictionLock.tryLock()) {
			return true;
		}
		for (int spin = 0; spin < SPINS; spin++) {
			if (this.entries.map().size() <= maximumSize + EVICTION_SLACK) {
				return false;
			}
			Thread.onSpinWait();
			if (this.evictionLock.tryLock()) {
				return true;
			}
		}
		this.evictionLock.lock();
		return true;
	}

	/**
	 * For the eviction lock's holder: one bucket's key at a time, from the first bucket, until
	 * the excess it read on entry is gone. It reads the map's size once: the size sums counters
	 * that every putting thread writes, so each read takes their cache lines from the other
	 * cores. A put that lands meanwhile is seen by {@link #evictTo}'s check after unlocking.
	 * An {@code invalidate} that lands meanwhile can make it evict one entry more than the excess
	 * left, as a size read per entry could too, between its read and its removal.
	 */
	private int evictOverflow(int maximumSize) {
		ConcurrentHashMap<String, Entry> map = this.entries.map();
		ExpiryIndex index = this.entries.index();
		int removed = 0;
		for (int excess = map.size() - maximumSize; excess > removed;) {
			Bucket bucket = index.first();
			if (bucket == null) {
				return removed;
			}
			String key = index.poll(bucket);
			if (key == null) {
				index.retire(bucket);
				continue;
			}
			Outcome outcome = remove(map, key, bucket.number, Long.MAX_VALUE);
			if (outcome == Outcome.CLEARED) {
				return removed;
			}
			removed += (outcome == Outcome.REMOVED) ? 1 : 0;
		}
		return removed;
	}

	/**
	 * Removes the key's entry if it is in the given bucket or an earlier one, and expired at
	 * {@code expiredBy}; for the eviction lock's holder, who has just read the key's node. A
	 * replacement that races with it either comes first, and is then read again, or finds the key
	 * absent, and indexes itself.
	 * @param expiredBy the time at which the entry must have expired; {@code Long.MAX_VALUE} for
	 * an eviction, which removes it anyway
	 */
	private Outcome remove(ConcurrentHashMap<String, Entry> map, String key, long bucket, long expiredBy) {
		this.nodesVisited.increment();
		int stripe = Gate.stripeOf(key);
		long stamp = this.entries.gate().lockShared(stripe);
		try {
			if (this.entries.map() != map) {
				return Outcome.CLEARED;
			}
			while (true) {
				Entry current = map.get(key);
				if (current == null || ExpiryIndex.bucketOf(current) > bucket) {
					return Outcome.STALE;
				}
				if (!current.isExpired(expiredBy)) {
					return Outcome.LIVE;
				}
				if (map.remove(key, current)) {
					return Outcome.REMOVED;
				}
			}
		}
		finally {
			this.entries.gate().unlockShared(stripe, stamp);
		}
	}

	/** What {@link #remove} did with a node's key. */
	private enum Outcome {

		/** Removed its entry. */
		REMOVED,

		/** Found it absent, or in a later bucket, where it has another node: the node is stale. */
		STALE,

		/** Found it in the bucket but not expired yet: the node stays. */
		LIVE,

		/** Found the map cleared: the caller stops, the index it reads is gone too. */
		CLEARED

	}


	/** Nodes the evictor and the sweep read since the cache was built; for tests, once they are done. */
	long nodesVisited() {
		return this.nodesVisited.sum();
	}

}
