package io.tokencache;

import java.time.Duration;

/**
 * Implemented by an exception that a {@link TokenLoader} throws when the identity provider said
 * how long to wait before asking again, as HTTP's {@code Retry-After} does on a 429 or 503
 * answer. The cache then does not call the loader for the key for at least that long, counted
 * from when the load failed, even if its own backoff would be shorter or is off; meanwhile
 * callers get the key's unexpired token, or at once a {@link TokenLoadException} caused by this
 * exception. Capping an absurd wait is the loader's job: the cache honours what it is told.
 */
public interface RetryAfter {

	/**
	 * Returns how long not to call the loader for the key again.
	 * @return the wait, counted from when the loader threw; {@code null} or negative counts as
	 * none
	 */
	Duration retryAfter();

}
