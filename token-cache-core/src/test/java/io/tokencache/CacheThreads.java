package io.tokencache;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the live threads that caches started, by the name prefix that {@link Scheduler} gives
 * them (the shared thread, and the loader threads of a cache's own executor). Public, and shipped in this module's test jar, so that the auto-configuration's tests
 * find them by the same prefix.
 */
public final class CacheThreads {

	private CacheThreads() {
	}

	/** The live threads whose name the cache gave them. */
	public static Set<Thread> alive() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith(Scheduler.THREAD_NAME_PREFIX) && thread.isAlive())
			.collect(Collectors.toCollection(HashSet::new));
	}

	/** The live cache threads that are not in {@code before}. */
	public static Set<Thread> startedSince(Set<Thread> before) {
		Set<Thread> threads = alive();
		threads.removeAll(before);
		return threads;
	}

}
