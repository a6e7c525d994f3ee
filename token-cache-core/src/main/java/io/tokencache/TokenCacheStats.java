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
 * @param refreshCount background loads started for tokens in their refresh-ahead window; each
 * also ends in a load success or failure
 * @param loadTimeoutCount callers that stopped waiting for a load at the load timeout, and got a
 * stale token or a {@link TokenLoadException}
 * @param backoffCount callers answered without a loader call because the key was backing off after
 * a failure, with a stale token or a {@link TokenLoadException}
 */
public record TokenCacheStats(int size, List<String> keys, long hitCount, long missCount, long loadSuccessCount,
		long loadFailureCount, long evictionCount, long putCount, Duration totalLoadSuccessTime,
		Duration totalLoadFailureTime, long refreshCount, long loadTimeoutCount, long backoffCount) {

	public TokenCacheStats {
		keys = List.copyOf(keys);
	}

}
