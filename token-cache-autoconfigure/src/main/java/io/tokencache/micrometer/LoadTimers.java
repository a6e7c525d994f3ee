package io.tokencache.micrometer;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Timer;
import io.tokencache.StatsRecorder;

/**
 * Records loads in the two {@code token.cache.loads} timers of one cache in one registry.
 * Equal only to a recorder of the same timer instances, so that binding the same cache to the
 * same registry twice adds it once ({@link io.tokencache.TokenCache#addStatsRecorder}), while
 * another registry's timers, equal by Micrometer's id, still get their own recorder.
 *
 * @param success the timer tagged {@code result=success}
 * @param failure the timer tagged {@code result=failure}
 */
record LoadTimers(Timer success, Timer failure) implements StatsRecorder {

	@Override
	public void recordLoadSuccess(long loadTimeNanos) {
		this.success.record(loadTimeNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void recordLoadFailure(long loadTimeNanos) {
		this.failure.record(loadTimeNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof LoadTimers that && this.success == that.success && this.failure == that.failure;
	}

	@Override
	public int hashCode() {
		return System.identityHashCode(this.success) * 31 + System.identityHashCode(this.failure);
	}

}
