package io.tokencache;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * The keys of {@link Entries}, grouped by when their entries expire, so that a full cache finds
 * the entry to evict without scanning the map.
 *
 * <p>Time is cut into buckets of 2<sup>30</sup> ns (1.07 s), like the finest level of Caffeine's
 * timer wheel. A skip list orders the buckets; each holds, in insertion order, the keys whose
 * entry expires in it. So a put adds at most one node, in O(log b) for b buckets, and b is
 * bounded by the spread of expiries divided by 1.07 s, not by the number of entries: the cost of
 * a put does not grow with the maximum size. The order it gives is "soonest, to within 1.07 s",
 * the resolution of Caffeine's timer wheel too. Buckets rather than a skip list keyed by the
 * exact expiry, because with one node per entry every replacing put would have to move its key
 * in the index; this index leaves a replacement within the same bucket, the common case, to the
 * map alone (docs/design.md, "Eviction"). The storage stays hand-written rather than moving to Caffeine for the hit path's
 * sake; see {@link DefaultTokenCache}.
 *
 * <p>The invariant: every key in the map has a node in the bucket of its current entry's expiry.
 * Nodes are deleted lazily: one left behind by a replacement into another bucket, an
 * invalidation or a clear stays until the evictor or the sweep reaches it, finds the key's
 * current entry absent or in a later bucket, and drops it. A key may have two nodes in one
 * bucket (after a put, an invalidation and a put again); the first to be reached evicts it and
 * the second finds it absent. Only the thread holding {@link Entries}' eviction lock polls,
 * retires or compacts buckets; any thread adds.
 */
final class ExpiryIndex {

	/** Bucket width as a shift: 2^30 ns, about 1.07 s, as Caffeine's finest timer wheel. */
	static final int BUCKET_SHIFT = 30;

	/** Compaction waits until stale nodes outnumber live entries by this much at least. */
	private static final int COMPACTION_SLACK = 1_000;

	private final ConcurrentSkipListMap<Long, Bucket> buckets = new ConcurrentSkipListMap<>();

	/** The bucket {@link #first()} found last; read and written by the eviction lock's holder only. */
	private @Nullable Bucket head;

	/** Nodes held, live or stale; a {@code LongAdder} so that two putting threads do not contend. */
	private final LongAdder nodes = new LongAdder();

	static long bucketOf(Entry entry) {
		return entry.expiresAt >> BUCKET_SHIFT;
	}

	/**
	 * Indexes the key after a write replaced {@code previous} with {@code entry}, unless the
	 * previous entry's node already stands in the right bucket: a replacing put within the
	 * same 1.07 s costs nothing here.
	 */
	void written(String key, @Nullable Entry previous, Entry entry) {
		long number = bucketOf(entry);
		if (previous == null || bucketOf(previous) != number) {
			this.nodes.increment();
			offer(key, number);
		}
	}

	/**
	 * Adds a node, into a fresh bucket if the one it found was retired meanwhile. The evictor
	 * retires a bucket only after finding it empty, then moves any node that arrived since into
	 * the index again ({@link #retire}). A putter that sees its bucket retired takes its node
	 * back and tries again; if the node is already gone, the retirer moved it.
	 */
	private void offer(String key, long number) {
		Long boxed = number;
		while (true) {
			Bucket bucket = this.buckets.get(boxed);
			if (bucket == null) {
				Bucket fresh = new Bucket(number);
				bucket = this.buckets.putIfAbsent(boxed, fresh);
				if (bucket == null) {
					bucket = fresh;
				}
			}
			bucket.offer(key);
			if (this.buckets.get(boxed) == bucket || !bucket.remove(key)) {
				return;
			}
		}
	}

	/**
	 * The bucket that expires first, possibly empty; {@code null} if none; for the eviction
	 * lock's holder. Reads the first key rather than {@code firstEntry()}, which allocates a
	 * snapshot on every call, and remembers the bucket: only the holder retires buckets, so the
	 * one remembered stays installed until it does.
	 */
	@Nullable Bucket first() {
		if (this.buckets.isEmpty()) {
			return null;
		}
		Long number = this.buckets.firstKey();
		Bucket head = this.head;
		if (head == null || head.number != number) {
			head = this.buckets.get(number);
			this.head = head;
		}
		return head;
	}

	@Nullable Bucket bucket(long number) {
		return this.buckets.get(number);
	}

	/** Takes the first key of the bucket, or {@code null} if it is empty; for the eviction lock's holder. */
	@Nullable String poll(Bucket bucket) {
		String key = bucket.poll();
		if (key != null) {
			this.nodes.decrement();
		}
		return key;
	}

	/**
	 * Removes an empty bucket from the index; for the eviction lock's holder. A putter may have
	 * offered a key between the poll that found it empty and the removal, and seen it still
	 * installed: such nodes are moved to a fresh bucket of the same number.
	 */
	void retire(Bucket bucket) {
		this.head = null;
		if (this.buckets.remove(bucket.number, bucket)) {
			for (String late = bucket.poll(); late != null; late = bucket.poll()) {
				offer(late, bucket.number);
			}
		}
	}

	/** Drops the node an iterator over a bucket stands on; for the eviction lock's holder. */
	void drop(Iterator<String> node) {
		node.remove();
		this.nodes.decrement();
	}

	/** Whether the bucket of {@code number} holds a node of the key; for tests, which read every node. */
	boolean holds(String key, long number) {
		Bucket bucket = this.buckets.get(number);
		return bucket != null && bucket.contains(key);
	}

	/** Nodes held, live or stale: at least the number of entries indexed. */
	long nodeCount() {
		return this.nodes.sum();
	}

	/**
	 * Drops every stale and duplicate node once they outnumber the live entries, and returns how
	 * many it dropped; for the eviction lock's holder. A key put again and again into later and
	 * later buckets (a long-lived token replaced every second, say) leaves one node per bucket it
	 * passed through, each of which the sweep would only reach when its bucket expires; this
	 * bounds them to about the number of entries. It reads every node, but only after as many
	 * puts have each left one behind, so its cost per put stays constant.
	 */
	long compactIfMostlyStale(Map<String, Entry> map) {
		if (nodeCount() <= 2L * map.size() + COMPACTION_SLACK) {
			return 0;
		}
		long dropped = 0;
		for (Bucket bucket : this.buckets.values()) {
			Set<String> seen = new HashSet<>();
			for (Iterator<String> nodes = bucket.iterator(); nodes.hasNext();) {
				String key = nodes.next();
				Entry current = map.get(key);
				// Dropping is safe: an entry that later moves into this bucket comes from elsewhere,
				// so its put adds a node.
				if (current == null || bucketOf(current) != bucket.number || !seen.add(key)) {
					drop(nodes);
					dropped++;
				}
			}
		}
		return dropped;
	}

	/** The keys whose entries expire in one 1.07 s slice of time, in insertion order. */
	@SuppressWarnings("serial")
	static final class Bucket extends ConcurrentLinkedQueue<String> {

		final long number;

		Bucket(long number) {
			this.number = number;
		}

	}

}
