package io.tokencache.benchmarks;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.tokencache.TokenCache;
import io.tokencache.autoconfigure.TokenCacheAutoConfiguration;
import io.tokencache.security.TokenCacheOAuth2ClientAutoConfiguration;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.MapPropertySource;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.DelegatingOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.RefreshTokenOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.TokenExchangeOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientTokenExchangeTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.TokenExchangeGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

/**
 * Spring Security's per-user grants, alone and with the starter, side by side against a real
 * HTTP token endpoint ({@link UserTokenEndpoint}, 50 ms per answer):
 * <ul>
 * <li>100 concurrent requests of one user exchange the user's token (RFC 8693): how many token
 * exchanges reach the endpoint;</li>
 * <li>100 concurrent requests of one user whose access token has expired refresh it, with a
 * refresh token the endpoint rotates: how many refresh requests, and how many
 * {@code invalid_grant};</li>
 * <li>1,000, then 10,000 distinct users exchange once each, with {@code token-cache.maximum-size}
 * 1,000: how much more heap is still used after full garbage collections at 10,000 users than
 * at 1,000 (the users' own subject tokens created before either), that is what the
 * authorized-client service and, with the starter, the cache retain per further user. The
 * growth is printed rather than the use from before the first user, because what the earlier
 * bursts left for the collector to free (HTTP clients, threads) falls into that first interval. Garbage collection is asked for, not forced, so the figure is
 * approximate; its order of magnitude is the point. Beside it, the exact number of exchanged
 * tokens held: authorized clients the service still returns, plus the cache's entries.</li>
 * </ul>
 * Both sides use {@code AuthorizedClientServiceOAuth2AuthorizedClientManager}, Spring's
 * in-memory authorized-client service and Spring's {@code RestClient} response clients; with
 * the starter, these beans are the application's and the starter decorates them.
 */
public final class UserTokensBenchmark {

	static final int CALLERS = 100;

	static final int USERS = 10_000;

	static final int MAXIMUM_SIZE = 1_000;

	private UserTokensBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		run(System.out);
	}

	static void run(PrintStream out) throws Exception {
		out.printf("%-26s %10s %10s %14s %30s %25s%n", "100 callers of one user:", "exchanges", "refreshes",
				"invalid_grant", "heap growth KiB, 1k -> 10k users", "tokens held, 10k users");
		try (UserTokenEndpoint endpoint = new UserTokenEndpoint()) {
			for (boolean starter : new boolean[] { false, true }) {
				try (Side side = new Side(endpoint, starter)) {
					// The heap first, before the bursts leave threads and clients for the collector.
					long[] retained = retained(endpoint, side);
					int exchanges = exchangeBurst(endpoint, side);
					int[] refreshes = refreshBurst(endpoint, side);
					out.printf("%-26s %10d %10d %14d %30d %25d%n",
							starter ? "Spring Security + starter" : "Spring Security alone", exchanges, refreshes[0],
							refreshes[1], (retained[1] - retained[0]) / 1024, retained[2]);
				}
			}
		}
	}

	private static int exchangeBurst(UserTokenEndpoint endpoint, Side side) throws Exception {
		side.forget();
		int before = endpoint.exchanges.get();
		burst(() -> side.authorize("exchange", "user-1"));
		return endpoint.exchanges.get() - before;
	}

	private static int[] refreshBurst(UserTokenEndpoint endpoint, Side side) throws Exception {
		side.loggedIn("user-1", endpoint.issueRefreshToken());
		int refreshes = endpoint.refreshes.get();
		int invalid = endpoint.invalidGrants.get();
		burst(() -> side.authorize("login", "user-1"));
		return new int[] { endpoint.refreshes.get() - refreshes, endpoint.invalidGrants.get() - invalid };
	}

	/**
	 * Heap used after 1,000 and after 10,000 users exchanged once, less what was used before
	 * them: after a warm-up of 100 other users, forgotten again, so that connection pools,
	 * threads and compiled code exist in both measurements.
	 */
	private static long[] retained(UserTokenEndpoint endpoint, Side side) throws Exception {
		endpoint.latencyMillis = 0;
		try {
			exchangeOnce(side, "warm-", 0, 100);
			side.forget();
			for (int i = 0; i < USERS; i++) {
				side.subject("user-" + i);
			}
			long before = usedAfterCollection();
			exchangeOnce(side, "user-", 0, USERS / 10);
			long thousand = usedAfterCollection() - before;
			exchangeOnce(side, "user-", USERS / 10, USERS);
			long tenThousand = usedAfterCollection() - before;
			return new long[] { thousand, tenThousand, side.held() };
		}
		finally {
			endpoint.latencyMillis = 50;
		}
	}

	/**
	 * Exchanges for the user, once more if the first request failed: with no latency the JDK's
	 * HTTP server sometimes resets a kept-alive connection, which says nothing of what is held.
	 */
	private static void authorizeRetryingOnce(Side side, String user) {
		try {
			side.authorize("exchange", user);
		}
		catch (RuntimeException ex) {
			side.authorize("exchange", user);
		}
	}

	private static void exchangeOnce(Side side, String prefix, int from, int to) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> users = new ArrayList<>();
			for (int i = from; i < to; i++) {
				String user = prefix + i;
				users.add(threads.submit(() -> authorizeRetryingOnce(side, user)));
			}
			for (Future<?> user : users) {
				user.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	/** The least heap used over a few full collections (explicit, so stop-the-world under G1). */
	private static long usedAfterCollection() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			System.gc();
			used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

	/** Runs the call on 100 threads released at once; a failed call counts as done. */
	private static void burst(Runnable call) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(CALLERS);
		try {
			List<Future<?>> calls = new ArrayList<>();
			for (int i = 0; i < CALLERS; i++) {
				calls.add(threads.submit(() -> {
					start.await();
					try {
						call.run();
					}
					catch (RuntimeException ex) {
						// invalid_grant: counted by the endpoint
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> each : calls) {
				each.get(120, TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	/** One side: Spring Security's manager, alone or with the starter's decoration. */
	static final class Side implements AutoCloseable {

		private final InMemoryClientRegistrationRepository registrations;

		private final AnnotationConfigApplicationContext context;

		private final OAuth2AuthorizedClientService service;

		private final AuthorizedClientServiceOAuth2AuthorizedClientManager manager;

		private final Map<String, OAuth2AccessToken> subjects = new ConcurrentHashMap<>();

		@SuppressWarnings("unchecked")
		Side(UserTokenEndpoint endpoint, boolean starter) {
			this.registrations = new InMemoryClientRegistrationRepository(
					registration("exchange", AuthorizationGrantType.TOKEN_EXCHANGE, endpoint),
					registration("login", AuthorizationGrantType.AUTHORIZATION_CODE, endpoint));
			this.context = new AnnotationConfigApplicationContext();
			this.context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("benchmark", Map.of("token-cache.maximum-size", MAXIMUM_SIZE)));
			this.context.registerBean(InMemoryClientRegistrationRepository.class, () -> this.registrations);
			this.context.register(ApplicationBeans.class);
			if (starter) {
				this.context.register(TokenCacheAutoConfiguration.class, TokenCacheOAuth2ClientAutoConfiguration.class);
			}
			this.context.refresh();
			this.service = this.context.getBean(OAuth2AuthorizedClientService.class);
			TokenExchangeOAuth2AuthorizedClientProvider exchange = new TokenExchangeOAuth2AuthorizedClientProvider();
			exchange.setAccessTokenResponseClient(
					(OAuth2AccessTokenResponseClient<TokenExchangeGrantRequest>) this.context.getBeanProvider(
							ResolvableType.forClassWithGenerics(OAuth2AccessTokenResponseClient.class,
									TokenExchangeGrantRequest.class))
						.getObject());
			exchange.setSubjectTokenResolver((context) -> subject(context.getPrincipal().getName()));
			RefreshTokenOAuth2AuthorizedClientProvider refresh = new RefreshTokenOAuth2AuthorizedClientProvider();
			refresh.setAccessTokenResponseClient(
					(OAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest>) this.context.getBeanProvider(
							ResolvableType.forClassWithGenerics(OAuth2AccessTokenResponseClient.class,
									OAuth2RefreshTokenGrantRequest.class))
						.getObject());
			this.manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(this.registrations, this.service);
			this.manager.setAuthorizedClientProvider(new DelegatingOAuth2AuthorizedClientProvider(exchange, refresh));
		}

		/** The user's own token, the subject of the exchanges. */
		OAuth2AccessToken subject(String user) {
			return this.subjects.computeIfAbsent(user, (name) -> new OAuth2AccessToken(
					OAuth2AccessToken.TokenType.BEARER, "subject-" + name, Instant.now(), Instant.now().plusSeconds(3600)));
		}

		void authorize(String registrationId, String user) {
			this.manager.authorize(OAuth2AuthorizeRequest.withClientRegistrationId(registrationId)
				.principal(new TestingAuthenticationToken(user, null))
				.build());
		}

		/** The user logged in earlier: the access token has expired, the refresh token is valid. */
		void loggedIn(String user, String refreshToken) {
			Instant now = Instant.now();
			this.service.saveAuthorizedClient(new OAuth2AuthorizedClient(
					this.registrations.findByRegistrationId("login"), user,
					new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "expired", now.minusSeconds(600),
							now.minusSeconds(300)),
					new OAuth2RefreshToken(refreshToken, now.minusSeconds(600))), new TestingAuthenticationToken(user, null));
		}

		/**
		 * The exchanged tokens held after 10,000 users: the users whose authorized client the
		 * service still returns, plus the entries of the cache, if any.
		 */
		long held() {
			long held = 0;
			for (int i = 0; i < USERS; i++) {
				if (this.service.loadAuthorizedClient("exchange", "user-" + i) != null) {
					held++;
				}
			}
			return held + cache().map(TokenCache::estimatedSize).orElse(0L);
		}

		Optional<TokenCache> cache() {
			return Optional.ofNullable(this.context.getBeanProvider(TokenCache.class).getIfAvailable());
		}

		/** Forgets user-1's clients and empties the cache: a moment with no token. */
		void forget() {
			this.service.removeAuthorizedClient("exchange", "user-1");
			this.service.removeAuthorizedClient("login", "user-1");
			cache().ifPresent(TokenCache::clear);
		}

		private static ClientRegistration registration(String id, AuthorizationGrantType grant,
				UserTokenEndpoint endpoint) {
			return ClientRegistration.withRegistrationId(id)
				.clientId(id + "-client")
				.clientSecret(id + "-secret")
				.authorizationGrantType(grant)
				.redirectUri("http://localhost/callback")
				.authorizationUri("http://127.0.0.1/authorize")
				.tokenUri(endpoint.tokenUri())
				.build();
		}

		@Override
		public void close() {
			this.context.close();
		}

	}

	/** The application's beans, as Spring Security documents them; the starter decorates them. */
	@Configuration(proxyBeanMethods = false)
	static class ApplicationBeans {

		@Bean
		OAuth2AuthorizedClientService authorizedClientService(InMemoryClientRegistrationRepository registrations) {
			return new InMemoryOAuth2AuthorizedClientService(registrations);
		}

		@Bean
		OAuth2AccessTokenResponseClient<TokenExchangeGrantRequest> tokenExchangeResponseClient() {
			return new RestClientTokenExchangeTokenResponseClient();
		}

		@Bean
		OAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest> refreshTokenResponseClient() {
			return new RestClientRefreshTokenTokenResponseClient();
		}

	}

}
