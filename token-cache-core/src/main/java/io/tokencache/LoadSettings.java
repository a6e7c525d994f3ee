package io.tokencache;

import java.time.Duration;
import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

/**
 * How a cache loads: the settings of {@link TokenCacheBuilder} for refresh-ahead, the load
 * timeout and backoff, checked by the builder.
 *
 * @param refreshAhead the refresh-ahead window, zero for none
 * @param loadTimeout how long a caller waits for a load at most; positive
 * @param backoffInitial the wait after a first failure, zero for no backoff
 * @param backoffMax the longest wait, at least {@code backoffInitial}
 * @param executor where loads run, or {@code null} for the cache's own pool
 * @param decorator what each load runs through
 */
record LoadSettings(Duration refreshAhead, Duration loadTimeout, Duration backoffInitial, Duration backoffMax,
		@Nullable Executor executor, LoadDecorator decorator) {

}
