package io.tokencache.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import io.tokencache.TokenCache;
import io.tokencache.TokenCacheBuilder;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Configuration properties for the auto-configured {@link TokenCache}.
 */
@ConfigurationProperties("token-cache")
public class TokenCacheProperties {

	/**
	 * Whether to auto-configure a TokenCache bean.
	 */
	private boolean enabled = true;

	/**
	 * How long before a token's expiry the cache stops returning it and loads a new one, for puts
	 * and loads that give no buffer of their own. Capped at half of each token's lifetime. A bare
	 * number means seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration refreshBuffer = TokenCache.DEFAULT_REFRESH_BUFFER;

	/**
	 * Maximum number of cached tokens. When a put exceeds it, expired tokens are evicted first,
	 * then those that expire soonest.
	 */
	private long maximumSize = TokenCache.DEFAULT_MAXIMUM_SIZE;

	/**
	 * How often a background task removes tokens past their expiry, whether or not they are read
	 * again. Zero turns the periodic sweep off. A bare number means seconds.
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
		this.refreshBuffer = refreshBuffer;
	}

	public long getMaximumSize() {
		return this.maximumSize;
	}

	public void setMaximumSize(long maximumSize) {
		this.maximumSize = maximumSize;
	}

	public Duration getSweepInterval() {
		return this.sweepInterval;
	}

	public void setSweepInterval(Duration sweepInterval) {
		this.sweepInterval = sweepInterval;
	}

}
