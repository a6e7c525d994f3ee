package io.tokencache.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

import io.tokencache.TokenCache;
import io.tokencache.TokenCacheBuilder;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Configuration properties for the auto-configured {@link TokenCache}.
 * <p>
 * Each setter rejects a value the cache's builder would reject, so that a bad value fails
 * while it is bound and Spring Boot's failure analysis can name the property and where it
 * came from, instead of failing later inside the bean method. The defaults are the core's
 * constants, the one place they are written; the configuration processor cannot read a
 * constant of another class, so {@code additional-spring-configuration-metadata.json} shows
 * them to IDEs, and {@code ConfigurationMetadataTests} checks that it matches the constants.
 */
@ConfigurationProperties("token-cache")
public class TokenCacheProperties {

	/**
	 * Whether to auto-configure the TokenCache bean.
	 */
	private boolean enabled = true;

	/**
	 * How long before a token's expiry the cache stops returning it and loads a new one, for
	 * puts and loads that give no buffer of their own. Capped at half of each token's
	 * lifetime. A bare number means seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration refreshBuffer = TokenCache.DEFAULT_REFRESH_BUFFER;

	/**
	 * Maximum number of cached tokens, from 1 to 2147483647. When a put exceeds it, expired
	 * tokens are evicted first, then those that expire soonest.
	 */
	private long maximumSize = TokenCache.DEFAULT_MAXIMUM_SIZE;

	/**
	 * How often a background task removes tokens past their expiry, whether or not they are
	 * read again. Zero turns the periodic sweep off. A bare number means seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration sweepInterval = TokenCacheBuilder.DEFAULT_SWEEP_INTERVAL;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getRefreshBuffer() {
		return this.refreshBuffer;
	}

	public void setRefreshBuffer(Duration refreshBuffer) {
		this.refreshBuffer = checkNotNegative(refreshBuffer, "token-cache.refresh-buffer");
	}

	public long getMaximumSize() {
		return this.maximumSize;
	}

	public void setMaximumSize(long maximumSize) {
		if (maximumSize < 1 || maximumSize > TokenCacheBuilder.MAXIMUM_SIZE_LIMIT) {
			throw new IllegalArgumentException("token-cache.maximum-size must be between 1 and "
					+ TokenCacheBuilder.MAXIMUM_SIZE_LIMIT + " but was " + maximumSize);
		}
		this.maximumSize = maximumSize;
	}

	public Duration getSweepInterval() {
		return this.sweepInterval;
	}

	public void setSweepInterval(Duration sweepInterval) {
		this.sweepInterval = checkNotNegative(sweepInterval, "token-cache.sweep-interval");
	}

	private static Duration checkNotNegative(Duration duration, String name) {
		Objects.requireNonNull(duration, name);
		if (duration.isNegative()) {
			throw new IllegalArgumentException(name + " must not be negative but was " + duration);
		}
		return duration;
	}

}
