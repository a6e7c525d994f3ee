package io.tokencache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * One load in progress for one key: the caller that installed it runs the loader, and later
 * callers of the key wait on it. {@link #deciding} is set before the owner makes the read or
 * write that decides the outcome; a caller that finds it set must not take the outcome, because
 * it may have been decided before that caller asked. Completed with {@code null} when the owner
 * found a cached token and did not load.
 *
 * <p>{@link #overtakes} counts the drops of the key that a {@link SharedTier} made while the
 * load ran: a load that sees it change asks the tier again, since what it read may be the token
 * that was dropped.
 */
final class Load extends CompletableFuture<@Nullable String> {

	volatile boolean deciding;

	final AtomicInteger overtakes = new AtomicInteger();

}
