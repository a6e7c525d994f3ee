package io.tokencache;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the live threads that caches started, by the name that {@link Scheduler} gives
 * the one shared thread. Loader threads ({@code token-cache-loader-N}) are left out: an idle one
 * outlives its load by seconds, whatever cache started it, and {@code LoadExecutorTests} covers
 * them. Public, and shipped in this module's test jar, so that the auto-configuration's tests
 * find them by the same name.
 */
public final class CacheThreads {

	private CacheThreads() {
	}

	/** The live threads whose name the cache gave them. */
	public static Set<Thread> alive() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals(Scheduler.THREAD_NAME) && thread.isAlive())
			.collect(Collectors.toCollection(HashSet::new));
	}

	/** The live cache threads that are not in {@code before}. */
	public static Set<Thread> startedSince(Set<Thread> before) {
		Set<Thread> threads = alive();
		threads.removeAll(before);
		return threads;
	}

}
