package io.tokencache;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link TokenCache#get(String, TokenLoader)} when no usable token could be loaded and
 * no unexpired token was left to fall back on. The cause is what the loader threw, or a
 * description of what it returned.
 */
public class TokenLoadException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception. The message must not contain a token value.
	 * @param message the message
	 * @param cause the cause, if any
	 */
	public TokenLoadException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
