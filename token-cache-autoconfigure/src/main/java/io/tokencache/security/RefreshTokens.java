package io.tokencache.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

/**
 * Coalesces the refreshes of one refresh token: the concurrent requests of one authorized
 * client (one registration, one principal) that all found its access token expired present the
 * same refresh token, and make one refresh request; the others get its response, new refresh
 * token included. With rotation, a second request would present a refresh token the first one
 * already used, and the issuer would answer {@code invalid_grant}.
 * <p>
 * The response is remembered, under the keyed digest of the refresh token, until its access
 * token expires, so that a request that read the authorized client before the new refresh token
 * was saved still gets the response instead of presenting the used token. At most
 * {@code token-cache.maximum-size} responses are remembered, the oldest forgotten first.
 * <p>
 * These responses stay in this process: they are never put into the {@code TokenCache}, and
 * so never reach its Redis tier, encrypted or not. A refresh token belongs to one user's
 * session, which Spring keeps in its own stores.
 */
final class RefreshTokens {

	/** How long a response without an expiry is remembered. */
	private static final Duration UNKNOWN_LIFETIME = Duration.ofMinutes(1);

	private final RegistrationKeys keys;

	private final Clock clock;

	private final Duration wait;

	private final Map<String, CompletableFuture<OAuth2AccessTokenResponse>> running = new ConcurrentHashMap<>();

	private final Remembered remembered;

	private final LongAdder asked = new LongAdder();

	/**
	 * @param wait how long a request waits for the refresh it joined: the cache's load timeout
	 * @param maximumSize how many responses are remembered at most
	 */
	RefreshTokens(RegistrationKeys keys, Clock clock, Duration wait, long maximumSize) {
		this.keys = keys;
		this.clock = clock;
		this.wait = wait;
		this.remembered = new Remembered(maximumSize);
	}

	/** The key of a refresh: the registration's key, and the digest of the refresh token and scopes. */
	String key(OAuth2RefreshTokenGrantRequest request) {
		Set<String> scopes = request.getScopes();
		String digest = this.keys.digest(request.getRefreshToken().getTokenValue(),
				String.join(" ", (scopes != null) ? new TreeSet<>(scopes) : Set.of()));
		return RegistrationKeys.append(
				RegistrationKeys.append(this.keys.registrationKey(request.getClientRegistration()), "refresh-token"),
				digest);
	}

	/**
	 * Returns the refresh's response: the remembered one, the one of the running refresh of the
	 * same token, or the one of the refresh that {@code start} begins now.
	 * @param start begins the refresh request; called at most once per key at a time
	 */
	CompletableFuture<OAuth2AccessTokenResponse> refresh(String key,
			Supplier<CompletableFuture<OAuth2AccessTokenResponse>> start) {
		this.asked.increment();
		@Nullable OAuth2AccessTokenResponse known = this.remembered.get(key, this.clock.instant());
		if (known != null) {
			return CompletableFuture.completedFuture(known);
		}
		CompletableFuture<OAuth2AccessTokenResponse> mine = new CompletableFuture<>();
		CompletableFuture<OAuth2AccessTokenResponse> running = this.running.putIfAbsent(key, mine);
		if (running != null) {
			return running;
		}
		// A refresh may have finished between the look above and taking the key.
		known = this.remembered.get(key, this.clock.instant());
		CompletableFuture<OAuth2AccessTokenResponse> response = (known != null) ? CompletableFuture.completedFuture(known)
				: start(start);
		response.whenComplete((answer, failure) -> {
			if (answer != null) {
				this.remembered.put(key, answer, until(answer));
				mine.complete(answer);
			}
			else {
				mine.completeExceptionally(failure);
			}
			this.running.remove(key, mine);
		});
		return mine;
	}

	private static CompletableFuture<OAuth2AccessTokenResponse> start(
			Supplier<CompletableFuture<OAuth2AccessTokenResponse>> start) {
		try {
			return start.get();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * Waits for a refresh, for at most the cache's load timeout, and rethrows its failure as it
	 * was thrown.
	 */
	OAuth2AccessTokenResponse await(CompletableFuture<OAuth2AccessTokenResponse> response) {
		try {
			return response.get(this.wait.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException("Refresh failed", ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new OAuth2AuthorizationException(new OAuth2Error("temporarily_unavailable",
					"No refresh token response within " + this.wait, null), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for a refresh", ex);
		}
	}

	private Instant until(OAuth2AccessTokenResponse response) {
		Instant expiresAt = response.getAccessToken().getExpiresAt();
		return (expiresAt != null) ? expiresAt : this.clock.instant().plus(UNKNOWN_LIFETIME);
	}

	/** How many refreshes were asked for, joined or not; for tests. */
	long asked() {
		return this.asked.sum();
	}

	/** How many responses are remembered; for tests. */
	int remembered() {
		return this.remembered.size();
	}

	@Override
	public String toString() {
		return "RefreshTokens[running=" + this.running.size() + ", remembered=" + this.remembered.size() + "]";
	}

	/** Responses by key, oldest forgotten first beyond the bound; few writes, one per refresh. */
	private static final class Remembered {

		private final Map<String, Response> responses;

		Remembered(long maximumSize) {
			this.responses = new LinkedHashMap<>() {

				@Override
				protected boolean removeEldestEntry(Map.Entry<String, Response> eldest) {
					return size() > maximumSize;
				}

			};
		}

		synchronized @Nullable OAuth2AccessTokenResponse get(String key, Instant now) {
			Response response = this.responses.get(key);
			if (response == null) {
				return null;
			}
			if (!response.until().isAfter(now)) {
				this.responses.remove(key);
				return null;
			}
			return response.response();
		}

		synchronized void put(String key, OAuth2AccessTokenResponse response, Instant until) {
			this.responses.put(key, new Response(response, until));
		}

		synchronized int size() {
			return this.responses.size();
		}

	}

	private record Response(OAuth2AccessTokenResponse response, Instant until) {

		@Override
		public String toString() {
			return "Response[until=" + this.until + "]";
		}

	}

}
