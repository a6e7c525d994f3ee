package io.tokencache;

/**
 * Receives the events of a {@link TokenCache} as they happen, so that they can be recorded in a
 * metrics library with distributions (percentiles, histograms, SLOs) that cumulative counters
 * cannot give. In the spirit of Caffeine's {@code StatsCounter}, which Micrometer's
 * {@code CaffeineStatsCounter} implements with real meters.
 *
 * <p>Every method has an empty default, so that an implementation overrides only the events it
 * records and keeps compiling when later versions add events. A recorder is called on the thread
 * that caused the event, outside every lock of the cache, and never on the hit path: hits and
 * misses are counted inside the cache and read through {@link TokenCache#counters()}. It must
 * be thread-safe and fast, and should not throw: an exception it throws is logged and dropped,
 * so that a broken recorder never fails a token load. An {@link Error} it throws is not dropped:
 * it fails the load, reaches every caller waiting for it, and leaves the key free to load again.
 *
 * @see TokenCacheBuilder#statsRecorder(StatsRecorder)
 * @see TokenCache#addStatsRecorder(StatsRecorder)
 */
public interface StatsRecorder {

	/**
	 * Records a loader call that returned a token.
	 * @param loadTimeNanos how long the call took, in nanoseconds of the cache's {@link Ticker}
	 */
	default void recordLoadSuccess(long loadTimeNanos) {
	}

	/**
	 * Records a loader call that failed, by throwing or by returning {@code null}, whether or not
	 * the caller was then served a stale token.
	 * @param loadTimeNanos how long the call took, in nanoseconds of the cache's {@link Ticker}
	 */
	default void recordLoadFailure(long loadTimeNanos) {
	}

}
