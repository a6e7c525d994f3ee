package io.tokencache;

import java.lang.System.Logger.Level;

/**
 * Stale-on-error: what a caller gets when a load fails, times out, or is not started because
 * its key is backing off. The key's unexpired token, past its refresh point or not, is returned
 * instead of the failure, so that the identity provider can be down for the whole refresh
 * buffer without callers noticing; only without one does the caller get a
 * {@link TokenLoadException}.
 */
final class StaleTokenFallback {

	private static final System.Logger logger = System.getLogger(TokenCache.class.getName());

	private final DefaultTokenCache cache;

	StaleTokenFallback(DefaultTokenCache cache) {
		this.cache = cache;
	}

	/**
	 * The unexpired token of the key, past its refresh point or not, or else a
	 * {@link TokenLoadException} with the given cause.
	 */
	String staleOrThrow(String key, Throwable cause, String message) {
		return staleOrThrow(key, cause, message, Level.WARNING);
	}

	/**
	 * As {@link #staleOrThrow(String, Throwable, String)}, logging a stale answer at the given
	 * level: a failed load is logged once as a warning, while a timeout or a backoff, which
	 * happen to each caller, are logged at debug level and counted instead.
	 */
	String staleOrThrow(String key, Throwable cause, String message, Level staleLevel) {
		long now = this.cache.now();
		Entry entry = this.cache.entry(key);
		if (entry != null && !entry.isExpired(now)) {
			logger.log(staleLevel, () -> message + " (" + cause.getClass().getName()
					+ "); serving the cached token until it expires");
			return entry.token;
		}
		logger.log(Level.DEBUG, () -> message + " (" + cause.getClass().getName() + ")");
		throw new TokenLoadException(message, cause);
	}

}
