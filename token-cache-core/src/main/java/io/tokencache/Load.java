package io.tokencache;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * One load in progress for one key: the caller that installed it runs the loader, and later
 * callers of the key wait on it. {@link #deciding} is set before the owner makes the read or
 * write that decides the outcome; a caller that finds it set must not take the outcome, because
 * it may have been decided before that caller asked. Completed with {@code null} when the owner
 * found a cached token and did not load.
 */
final class Load extends CompletableFuture<@Nullable String> {

	volatile boolean deciding;

}
