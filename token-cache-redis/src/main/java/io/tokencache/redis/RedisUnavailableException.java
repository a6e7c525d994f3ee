package io.tokencache.redis;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

/**
 * A Redis operation failed or timed out. The tier catches it and carries on without Redis: it
 * never reaches a caller of the cache. Its message names what went wrong, never a token.
 */
final class RedisUnavailableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	RedisUnavailableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

	/**
	 * Describes the failure for a log line or the health details: exception types, and the
	 * message of a network error (such as "Connection refused"). Other messages are left out,
	 * since a client error could in principle echo a command's arguments.
	 * @return the description
	 */
	String describe() {
		StringBuilder text = new StringBuilder(getMessage());
		Throwable cause = getCause();
		while (cause != null && cause != cause.getCause()) {
			text.append("; ").append(cause.getClass().getName());
			if (cause instanceof IOException && cause.getMessage() != null) {
				text.append(": ").append(cause.getMessage());
			}
			cause = cause.getCause();
		}
		return text.toString();
	}

}
