package io.tokencache.micrometer;

import io.micrometer.observation.Observation;
import io.tokencache.RetryAfter;

/**
 * What an observed token load knows: the cache, the OAuth2 client registration it loads for,
 * if any, whether it is a refresh-ahead load, and how it ended. Never the key or the token: a
 * key may hold identifiers, and a token is a credential.
 */
public final class TokenLoadObservationContext extends Observation.Context {

	/** {@link #result()} of a load that returned a token. */
	public static final String SUCCESS = "success";

	/** {@link #result()} of a load whose loader failed. */
	public static final String FAILURE = "failure";

	/** {@link #result()} of a load that the identity provider asked to retry later (HTTP {@code Retry-After}). */
	public static final String RETRY_AFTER = "retry_after";

	private final String cacheName;

	private final String registration;

	private final boolean refresh;

	/** {@code unknown} while the load runs, as the active-load timer that Micrometer derives is tagged. */
	private volatile String result = "unknown";

	private volatile String errorType = "none";

	TokenLoadObservationContext(String cacheName, String registration, boolean refresh) {
		this.cacheName = cacheName;
		this.registration = registration;
		this.refresh = refresh;
	}

	public String cacheName() {
		return this.cacheName;
	}

	/** The OAuth2 client registration id, or {@code none} for a key of the application's own. */
	public String registration() {
		return this.registration;
	}

	public boolean refresh() {
		return this.refresh;
	}

	public String result() {
		return this.result;
	}

	/** The simple class name of what the loader threw, or {@code none}. */
	public String errorType() {
		return this.errorType;
	}

	void succeeded() {
		this.result = SUCCESS;
	}

	/** Records how the load failed, by the exception's type only: its message may quote a response. */
	void failed(Throwable failure) {
		this.result = (failure instanceof RetryAfter) ? RETRY_AFTER : FAILURE;
		this.errorType = failure.getClass().getSimpleName();
	}

}
