package io.tokencache;

import java.time.Duration;
import java.util.List;

/**
 * A snapshot of a {@link TokenCache}: what it holds now, and cumulative counters since it was
 * built.
 *
 * @param size the number of usable tokens, that is tokens that {@link TokenCache#get(String)}
 * would return now
 * @param keys the keys of the usable tokens, sorted
 * @param hitCount lookups that returned a cached token
 * @param missCount lookups that found no usable token
 * @param loadSuccessCount loader calls that returned a usable token
 * @param loadFailureCount loader calls that failed, including those answered with a stale token
 * @param evictionCount entries removed by the cache itself: past their expiry, or over
 * {@code maximumSize}; {@code invalidate} and {@code clear} are not counted
 * @param putCount tokens stored, by {@code put} or by a successful load
 * @param totalLoadSuccessTime time spent in loader calls that succeeded
 * @param totalLoadFailureTime time spent in loader calls that failed
 */
public record TokenCacheStats(int size, List<String> keys, long hitCount, long missCount, long loadSuccessCount,
		long loadFailureCount, long evictionCount, long putCount, Duration totalLoadSuccessTime,
		Duration totalLoadFailureTime) {

	public TokenCacheStats {
		keys = List.copyOf(keys);
	}

}
