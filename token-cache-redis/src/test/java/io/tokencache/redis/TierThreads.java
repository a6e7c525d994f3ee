package io.tokencache.redis;

import java.util.List;

/** The threads of the tier's own, which tests expect to find none of. */
public final class TierThreads {

	private TierThreads() {
	}

	/**
	 * Returns the names of the live threads named {@code token-cache-redis…}, as the tier's pool,
	 * probe and message dispatcher once were.
	 * @return the names
	 */
	public static List<String> names() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.map(Thread::getName)
			.filter((name) -> name.startsWith("token-cache-redis"))
			.toList();
	}

}
