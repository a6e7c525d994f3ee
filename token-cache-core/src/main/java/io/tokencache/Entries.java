package io.tokencache;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The entries of a cache, arranged so that every operation on them is atomic.
 *
 * <p>Lookups read a volatile map and take no lock. Two operations would not be atomic on a plain
 * {@link ConcurrentHashMap}: {@code clear()} empties it bin by bin, so a concurrent reader could
 * see one key already removed and another still present; and iterating it for a snapshot can
 * see a later write and miss an earlier one. So {@link #clearEntries()} replaces the map in one volatile
 * write, and a {@link Gate} of read-write locks works the other way round from a read-write
 * lock: every writer holds it shared, and a snapshot holds it exclusively. Writers never wait
 * for each other, readers never touch it, and only writers wait, briefly, while a snapshot is
 * taken.
 *
 * <p>A superclass of {@link DefaultTokenCache} rather than a field of it, so that a hit reads the
 * map from a field of the cache itself instead of through one more dependent load; the names of
 * its methods say "entry" so that they do not clash with those of {@link TokenCache}.
 */
abstract class Entries {

	private final Gate gate = new Gate();

	/** Held by {@link #evictEntriesTo}; its own lock, not the cache's monitor. */
	private final Object evictionLock = new Object();

	private volatile ConcurrentHashMap<String, Entry> map = new ConcurrentHashMap<>();

	final @Nullable Entry entry(String key) {
		return this.map.get(key);
	}

	final void putEntry(String key, Entry entry) {
		int stripe = Gate.stripeOf(key);
		long stamp = this.gate.lockShared(stripe);
		try {
			this.map.put(key, entry);
		}
		finally {
			this.gate.unlockShared(stripe, stamp);
		}
	}

	/**
	 * Stores a loaded entry unless a usable one other than {@code refreshed} was put while the
	 * loader ran, which then wins, so that a load never overwrites a newer token.
	 * @param refreshed the entry a refresh-ahead load replaces, or {@code null}
	 * @return the entry the key holds afterwards
	 */
	final Entry putLoadedEntry(String key, Entry loaded, @Nullable Entry refreshed, long now) {
		int stripe = Gate.stripeOf(key);
		long stamp = this.gate.lockShared(stripe);
		try {
			return this.map.compute(key, (k, current) -> (current != null && current != refreshed
					&& current.isUsable(now)) ? current : loaded);
		}
		finally {
			this.gate.unlockShared(stripe, stamp);
		}
	}

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

	final void clearEntries() {
		long[] stamps = this.gate.lockAll();
		try {
			this.map = new ConcurrentHashMap<>();
		}
		finally {
			this.gate.unlockAll(stamps);
		}
	}

	/** Returns the entries usable at {@code now}, sorted by key, as of one instant. */
	final List<Map.Entry<String, Entry>> usableEntries(long now) {
		List<Map.Entry<String, Entry>> usable = new ArrayList<>();
		long[] stamps = this.gate.lockAll();
		try {
			this.map.forEach((key, entry) -> {
				if (entry.isUsable(now)) {
					usable.add(Map.entry(key, entry));
				}
			});
		}
		finally {
			this.gate.unlockAll(stamps);
		}
		usable.sort(Map.Entry.comparingByKey());
		return usable;
	}

	/**
	 * Removes every entry past its expiry.
	 * @return how many were removed
	 */
	final int removeExpiredEntries(long now) {
		long[] stamps = this.gate.lockAllShared();
		try {
			return removeExpired(this.map, now);
		}
		finally {
			this.gate.unlockAllShared(stamps);
		}
	}

	/**
	 * Removes expired entries, then those that expire soonest, until at most
	 * {@code maximumSize} remain. Each step scans the map, which is acceptable because it only
	 * runs when a put overflows the maximum. Under a lock so that two overflowing puts do not
	 * both evict for the same excess.
	 * @return how many were removed
	 */
	final int evictEntriesTo(int maximumSize, long now) {
		synchronized (this.evictionLock) {
			long[] stamps = this.gate.lockAllShared();
			try {
				ConcurrentHashMap<String, Entry> map = this.map;
				int removed = removeExpired(map, now);
				while (map.size() > maximumSize) {
					Map.Entry<String, Entry> soonest = map.entrySet()
						.stream()
						.min(Comparator.comparingLong((Map.Entry<String, Entry> e) -> e.getValue().expiresAt))
						.orElse(null);
					if (soonest != null && map.remove(soonest.getKey(), soonest.getValue())) {
						removed++;
					}
				}
				return removed;
			}
			finally {
				this.gate.unlockAllShared(stamps);
			}
		}
	}

	private static int removeExpired(ConcurrentHashMap<String, Entry> map, long now) {
		int removed = 0;
		for (Map.Entry<String, Entry> candidate : map.entrySet()) {
			if (candidate.getValue().isExpired(now) && map.remove(candidate.getKey(), candidate.getValue())) {
				removed++;
			}
		}
		return removed;
	}

	/** Counts every entry held, usable or not: the memory the cache holds on to. */
	final int entryCount() {
		return this.map.size();
	}

}
