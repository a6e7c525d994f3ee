package io.tokencache;

import java.time.Duration;

/**
 * The cumulative counters of a {@link TokenCache} since it was built, without its contents.
 * Reading them costs the same whatever the cache holds, so meters may read them on every scrape.
 *
 * @param hitCount lookups that returned a cached token
 * @param missCount lookups that found no usable token
 * @param loadSuccessCount loader calls that returned a usable token
 * @param loadFailureCount loader calls that failed, including those answered with a stale token
 * @param evictionCount entries removed by the cache itself: past their expiry, or over
 * {@code maximumSize}; {@code invalidate} and {@code clear} are not counted
 * @param putCount tokens stored, by {@code put} or by a successful load
 * @param totalLoadSuccessTime time spent in loader calls that succeeded
 * @param totalLoadFailureTime time spent in loader calls that failed
 * @see TokenCache#counters()
 */
public record TokenCacheCounters(long hitCount, long missCount, long loadSuccessCount, long loadFailureCount,
		long evictionCount, long putCount, Duration totalLoadSuccessTime, Duration totalLoadFailureTime) {

}
