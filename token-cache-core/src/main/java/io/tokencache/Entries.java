package io.tokencache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * The entries of a cache, arranged so that every operation on them is atomic.
 *
 * <p>Lookups read a volatile map and take no lock. Two operations would not be atomic on a plain
 * {@link ConcurrentHashMap}: {@code clear()} empties it bin by bin, so a concurrent reader could
 * see one key already removed and another still present; and iterating it for a snapshot can
 * see a later write and miss an earlier one. So {@link #clearEntries()} replaces the map in one
 * volatile write, and a {@link Gate} of read-write locks works the other way round from a read-write
 * lock: every writer holds it shared, and a snapshot holds it exclusively. Writers never wait
 * for each other, readers never touch it, and only writers wait, briefly, while a snapshot is
 * taken.
 *
 * <p>An {@link ExpiryIndex} beside the map orders the keys by expiry, so that a full cache
 * evicts the entry that expires first, and the sweep removes expired entries, without scanning
 * the map: a put into a full cache costs the same at any maximum size, as in Caffeine, where a
 * scan would grow with it. {@link Eviction} takes keys out of the index, one thread at a time.
 *
 * <p>A superclass of {@link DefaultTokenCache} rather than a field of it, so that a hit reads the
 * map from a field of the cache itself instead of through one more dependent load; the names of
 * its methods say "entry" so that they do not clash with those of {@link TokenCache}.
 */
abstract class Entries {

	private final Gate gate = new Gate();

	private final Eviction eviction = new Eviction(this);

	private volatile ConcurrentHashMap<String, Entry> map = new ConcurrentHashMap<>();

	/**
	 * The keys of {@link #map} by expiry. Replaced together with it, under the gate's exclusive
	 * side, and read under a stripe's shared side by every write, so that a write indexes its key
	 * in the index of the map it wrote to.
	 */
	private volatile ExpiryIndex index = new ExpiryIndex();

	final @Nullable Entry entry(String key) {
		return this.map.get(key);
	}

	/**
	 * Stores the entry.
	 * @return whether it added a key, rather than replacing its entry: only then can the cache
	 * have grown past its maximum, so a replacing put skips reading the map's size, a read of
	 * counters that other writing threads keep changing
	 */
	final boolean putEntry(String key, Entry entry) {
		int stripe = Gate.stripeOf(key);
		long stamp = this.gate.lockShared(stripe);
		try {
			Entry previous = this.map.put(key, entry);
			this.index.written(key, previous, entry);
			return previous == null;
		}
		finally {
			this.gate.unlockShared(stripe, stamp);
		}
	}

	/**
	 * Stores a loaded entry unless a usable one other than {@code refreshed} was put while the
	 * loader ran, which then wins, so that a load never overwrites a newer token. A
	 * compare-and-set loop rather than {@code compute}, so that the write learns which entry it
	 * replaced, for the index.
	 * @param refreshed the entry a refresh-ahead load replaces, or {@code null}
	 * @return the entry the key holds afterwards
	 */
	final Entry putLoadedEntry(String key, Entry loaded, @Nullable Entry refreshed, long now) {
		int stripe = Gate.stripeOf(key);
		long stamp = this.gate.lockShared(stripe);
		try {
			ConcurrentHashMap<String, Entry> map = this.map;
			while (true) {
				Entry current = map.get(key);
				if (current != null && current != refreshed && current.isUsable(now)) {
					return current;
				}
				if ((current != null) ? map.replace(key, current, loaded) : map.putIfAbsent(key, loaded) == null) {
					this.index.written(key, current, loaded);
					return loaded;
				}
			}
		}
		finally {
			this.gate.unlockShared(stripe, stamp);
		}
	}

	/** Leaves the key's node in the index, which drops it when it reaches it. */
	final void removeEntry(String key) {
		int stripe = Gate.stripeOf(key);
		long stamp = this.gate.lockShared(stripe);
		try {
			this.map.remove(key);
		}
		finally {
			this.gate.unlockShared(stripe, stamp);
		}
	}

	/** Removes the key's entry only if it is still the given one. */
	final void removeEntry(String key, Entry entry) {
		int stripe = Gate.stripeOf(key);
		long stamp = this.gate.lockShared(stripe);
		try {
			this.map.remove(key, entry);
		}
		finally {
			this.gate.unlockShared(stripe, stamp);
		}
	}

	final void clearEntries() {
		long[] stamps = this.gate.lockAll();
		try {
			this.map = new ConcurrentHashMap<>();
			this.index = new ExpiryIndex();
		}
		finally {
			this.gate.unlockAll(stamps);
		}
	}

	/** Returns the entries usable at {@code now}, sorted by key, as of one instant. */
	final List<Map.Entry<String, Entry>> usableEntries(long now) {
		return entries((entry) -> entry.isUsable(now));
	}

	/**
	 * Returns the entries not expired at {@code now}: usable, or past their refresh point and
	 * kept for stale-on-error; sorted by key, as of one instant.
	 */
	final List<Map.Entry<String, Entry>> unexpiredEntries(long now) {
		return entries((entry) -> !entry.isExpired(now));
	}

	private List<Map.Entry<String, Entry>> entries(Predicate<Entry> wanted) {
		List<Map.Entry<String, Entry>> entries = new ArrayList<>();
		long[] stamps = this.gate.lockAll();
		try {
			this.map.forEach((key, entry) -> {
				if (wanted.test(entry)) {
					entries.add(Map.entry(key, entry));
				}
			});
		}
		finally {
			this.gate.unlockAll(stamps);
		}
		entries.sort(Map.Entry.comparingByKey());
		return entries;
	}

	/** Nodes the evictor and the sweep read since the cache was built; for tests, once they are done. */
	final long nodesVisited() {
		return this.eviction.nodesVisited();
	}

	/** See {@link Eviction#removeExpired}. */
	final int removeExpiredEntries(long now) {
		return this.eviction.removeExpired(now);
	}

	/** See {@link Eviction#evictTo}. */
	final int evictEntriesTo(int maximumSize) {
		return this.eviction.evictTo(maximumSize);
	}

	/** The map, for {@link Eviction}: read it once per operation, {@link #clearEntries()} replaces it. */
	final ConcurrentHashMap<String, Entry> map() {
		return this.map;
	}

	/** The index of {@link #map()}, replaced together with it; for {@link Eviction}. */
	final ExpiryIndex index() {
		return this.index;
	}

	final Gate gate() {
		return this.gate;
	}

	/** Whether the key is absent or has a node in its entry's bucket, the index's invariant; for tests. */
	final boolean indexed(String key) {
		Entry current = this.map.get(key);
		return current == null || this.index.holds(key, ExpiryIndex.bucketOf(current));
	}

	/** Nodes in the expiry index, live or stale; for tests. */
	final long indexNodeCount() {
		return this.index.nodeCount();
	}

	/** Counts every entry held, usable or not: the memory the cache holds on to. */
	final int entryCount() {
		return this.map.size();
	}

}
