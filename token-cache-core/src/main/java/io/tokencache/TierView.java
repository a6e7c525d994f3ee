package io.tokencache;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/** The {@link LocalTokens} of a {@link DefaultTokenCache}, which it binds its {@link SharedTier} to. */
final class TierView implements LocalTokens {

	private final DefaultTokenCache cache;

	TierView(DefaultTokenCache cache) {
		this.cache = cache;
	}

	@Override
	public void drop(String key) {
		this.cache.drop(Arguments.checkKey(key));
	}

	@Override
	public void dropAll() {
		this.cache.dropAll();
	}

	@Override
	public List<String> keys() {
		return this.cache.unexpiredEntries(this.cache.now()).stream().map(Map.Entry::getKey).toList();
	}

	@Override
	public @Nullable AccessToken held(String key) {
		long now = this.cache.now();
		Entry entry = this.cache.entry(Arguments.checkKey(key));
		if (entry == null || !entry.isUsable(now)) {
			return null;
		}
		return new AccessToken(entry.token, Duration.ofNanos(entry.expiresAt - now));
	}

	@Override
	public Duration refreshBuffer() {
		return this.cache.refreshBuffer();
	}

	@Override
	public AutoCloseable schedule(Runnable task, Duration interval) {
		Objects.requireNonNull(task, "task");
		Objects.requireNonNull(interval, "interval");
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("interval must be positive but was " + interval);
		}
		return this.cache.schedule(task, interval);
	}

	@Override
	public String toString() {
		return "LocalTokens[" + this.cache + "]";
	}

}
