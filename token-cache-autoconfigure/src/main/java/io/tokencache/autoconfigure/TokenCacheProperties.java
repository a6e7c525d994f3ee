package io.tokencache.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

import io.tokencache.TokenCache;
import io.tokencache.TokenCacheBuilder;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties for the auto-configured {@link TokenCache}.
 * <p>
 * Each setter rejects a value the cache's builder would reject, so that a bad value fails
 * while it is bound and Spring Boot's failure analysis can name the property and where it
 * came from, instead of failing later inside the bean method. The defaults are the core's
 * constants, the one place they are written; the configuration processor cannot read a
 * constant of another class, so {@code additional-spring-configuration-metadata.json} shows
 * them to IDEs, and {@code ConfigurationMetadataTests} checks that it matches the constants.
 * <p>
 * The one rule that spans two properties, that {@code backoff.max-interval} is at least
 * {@code backoff.initial-interval}, cannot be checked by a setter, since either may be bound
 * first: this class validates itself, which Spring Boot does once binding is over.
 */
@ConfigurationProperties("token-cache")
public class TokenCacheProperties implements Validator {

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
	 * tokens are evicted first, then those that expire soonest (to within about a second).
	 */
	private long maximumSize = TokenCache.DEFAULT_MAXIMUM_SIZE;

	/**
	 * How often a background task removes tokens past their expiry, whether or not they are
	 * read again. Zero turns the periodic sweep off. A bare number means seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration sweepInterval = TokenCacheBuilder.DEFAULT_SWEEP_INTERVAL;

	/**
	 * How long before a token's refresh point get(key, loader) starts loading a new one in the
	 * background, while it keeps returning the current one. The load starts at a random moment
	 * in the first half of this window, which is capped at half of each token's usable lifetime.
	 * Zero turns refresh-ahead off. A bare number means seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration refreshAhead = TokenCacheBuilder.DEFAULT_REFRESH_AHEAD;

	/**
	 * How long a caller waits for a token load at most, its own or one it joined; then it gets
	 * the unexpired token, or a TokenLoadException caused by a TimeoutException. The load is not
	 * interrupted: it goes on and stores its token. Positive. A bare number means seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration loadTimeout = TokenCacheBuilder.DEFAULT_LOAD_TIMEOUT;

	private final Backoff backoff = new Backoff();

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

	public Duration getRefreshAhead() {
		return this.refreshAhead;
	}

	public void setRefreshAhead(Duration refreshAhead) {
		this.refreshAhead = checkNotNegative(refreshAhead, "token-cache.refresh-ahead");
	}

	public Duration getLoadTimeout() {
		return this.loadTimeout;
	}

	public void setLoadTimeout(Duration loadTimeout) {
		Objects.requireNonNull(loadTimeout, "token-cache.load-timeout");
		if (loadTimeout.isNegative() || loadTimeout.isZero()) {
			throw new IllegalArgumentException("token-cache.load-timeout must be positive but was " + loadTimeout);
		}
		this.loadTimeout = loadTimeout;
	}

	public Backoff getBackoff() {
		return this.backoff;
	}

	@Override
	public boolean supports(Class<?> type) {
		return TokenCacheProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		Backoff backoff = ((TokenCacheProperties) target).getBackoff();
		if (backoff.getMaxInterval().compareTo(backoff.getInitialInterval()) < 0) {
			errors.rejectValue("backoff.maxInterval", "tokenCache.backoff.maxInterval",
					"token-cache.backoff.max-interval must be at least token-cache.backoff.initial-interval ("
							+ backoff.getInitialInterval() + ") but was " + backoff.getMaxInterval());
		}
	}

	private static Duration checkNotNegative(Duration duration, String name) {
		Objects.requireNonNull(duration, name);
		if (duration.isNegative()) {
			throw new IllegalArgumentException(name + " must not be negative but was " + duration);
		}
		return duration;
	}

	/**
	 * Backoff after failed loads: after the n-th failure of a key in a row, its loader is not
	 * called for min(max-interval, initial-interval * 2^(n-1)), less a random part of up to half.
	 */
	public static class Backoff {

		/**
		 * Wait after a first failed load of a key, before its loader is called again. Meanwhile
		 * callers get the unexpired token, or at once a TokenLoadException caused by the failure.
		 * Zero turns backoff off. A bare number means seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration initialInterval = TokenCacheBuilder.DEFAULT_BACKOFF_INITIAL;

		/**
		 * Longest wait between loads of a key that keep failing; at least initial-interval. A
		 * bare number means seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration maxInterval = TokenCacheBuilder.DEFAULT_BACKOFF_MAX;

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = checkNotNegative(initialInterval, "token-cache.backoff.initial-interval");
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = checkNotNegative(maxInterval, "token-cache.backoff.max-interval");
		}

	}

}
