package io.tokencache.benchmarks;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.tokencache.TokenCache;
import io.tokencache.autoconfigure.TokenCacheAutoConfiguration;
import io.tokencache.security.TokenCacheOAuth2ClientAutoConfiguration;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;

/**
 * C callers (the JMH thread count) of one service principal call Spring Security's
 * {@code OAuth2AuthorizedClientManager.authorize()} for one client-credentials registration at
 * the moment no token is stored, against a real HTTP token endpoint that answers in
 * {@link TokenEndpoint#LATENCY}. Each measurement iteration is one such moment: the authorized
 * client (and, with the starter, the cached token) is removed, every caller waits at a latch,
 * then each makes one timed call.
 * <p>
 * {@link #springSecurityAlone} is {@code AuthorizedClientServiceOAuth2AuthorizedClientManager}
 * with {@code ClientCredentialsOAuth2AuthorizedClientProvider} and Spring's
 * {@code RestClientClientCredentialsTokenResponseClient}; {@link #springSecurityWithStarter} is
 * the same, with the response client the starter's auto-configuration makes of it. Each caller
 * counts the token requests made on its own thread in {@link Caller#loaderCalls}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, batchSize = 1)
@Measurement(iterations = 20, batchSize = 1)
public class OAuth2ClientStampedeBenchmark {

	static final String REGISTRATION_ID = "bench";

	static final String PRINCIPAL = "service";

	/** Token requests made on the current thread, so that each caller counts its own. */
	static final ThreadLocal<int[]> tokenRequests = ThreadLocal.withInitial(() -> new int[1]);

	/** The token endpoint and the two managers: shared by all callers. */
	@State(Scope.Benchmark)
	public static class Round {

		private TokenEndpoint endpoint;

		private AnnotationConfigApplicationContext starter;

		private Manager alone;

		private Manager withStarter;

		private int callers;

		private volatile CountDownLatch start = new CountDownLatch(0);

		@Setup(Level.Trial)
		public void build(BenchmarkParams params) throws IOException {
			this.callers = params.getThreads();
			this.endpoint = new TokenEndpoint();
			ClientRegistration registration = ClientRegistration.withRegistrationId(REGISTRATION_ID)
				.clientId("bench-client")
				.clientSecret("bench-secret")
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
				.scope("api.read")
				.tokenUri(this.endpoint.tokenUri())
				.build();
			this.alone = new Manager(registration, countingResponseClient());
			this.starter = new AnnotationConfigApplicationContext();
			// The application's configuration first, as Spring Boot orders it before auto-configurations.
			this.starter.register(ApplicationResponseClient.class, TokenCacheAutoConfiguration.class,
					TokenCacheOAuth2ClientAutoConfiguration.class);
			this.starter.refresh();
			this.withStarter = new Manager(registration, this.starter
				.<OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest>>getBeanProvider(
						ResolvableType.forClassWithGenerics(OAuth2AccessTokenResponseClient.class,
								OAuth2ClientCredentialsGrantRequest.class))
				.getObject());
		}

		/** A new moment with no token: nothing stored by Spring Security, nothing in the cache. */
		@Setup(Level.Iteration)
		public void forget() {
			this.alone.forget();
			this.withStarter.forget();
			this.starter.getBean(TokenCache.class).clear();
			this.start = new CountDownLatch(this.callers);
		}

		@TearDown(Level.Trial)
		public void close() {
			this.starter.close();
			this.endpoint.close();
		}

	}

	/** One caller, and the token requests made on its thread in this iteration. */
	@State(Scope.Thread)
	@AuxCounters(AuxCounters.Type.EVENTS)
	public static class Caller {

		public int loaderCalls;

		/** Waits, untimed, until every caller has arrived, so that all of them ask at once. */
		@Setup(Level.Iteration)
		public void arrive(Round round) throws InterruptedException {
			this.loaderCalls = 0;
			tokenRequests.get()[0] = 0;
			CountDownLatch start = round.start;
			start.countDown();
			start.await();
		}

		OAuth2AuthorizedClient authorize(Manager manager) {
			OAuth2AuthorizedClient client = manager.authorize();
			this.loaderCalls = tokenRequests.get()[0];
			return client;
		}

	}

	@Benchmark
	public OAuth2AuthorizedClient springSecurityAlone(Round round, Caller caller) {
		return caller.authorize(round.alone);
	}

	@Benchmark
	public OAuth2AuthorizedClient springSecurityWithStarter(Round round, Caller caller) {
		return caller.authorize(round.withStarter);
	}

	static OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> countingResponseClient() {
		RestClientClientCredentialsTokenResponseClient client = new RestClientClientCredentialsTokenResponseClient();
		return (request) -> {
			tokenRequests.get()[0]++;
			return client.getTokenResponse(request);
		};
	}

	/** Spring Security's manager for one registration and its in-memory authorized clients. */
	static final class Manager {

		private final InMemoryOAuth2AuthorizedClientService service;

		private final AuthorizedClientServiceOAuth2AuthorizedClientManager manager;

		private final OAuth2AuthorizeRequest request = OAuth2AuthorizeRequest.withClientRegistrationId(REGISTRATION_ID)
			.principal(new TestingAuthenticationToken(PRINCIPAL, null))
			.build();

		Manager(ClientRegistration registration,
				OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> responseClient) {
			InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(registration);
			this.service = new InMemoryOAuth2AuthorizedClientService(registrations);
			this.manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, this.service);
			this.manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
				.clientCredentials((clientCredentials) -> clientCredentials.accessTokenResponseClient(responseClient))
				.build());
		}

		OAuth2AuthorizedClient authorize() {
			return this.manager.authorize(this.request);
		}

		void forget() {
			this.service.removeAuthorizedClient(REGISTRATION_ID, PRINCIPAL);
		}

	}

	/** The application's own response client, which the starter decorates. */
	@Configuration(proxyBeanMethods = false)
	static class ApplicationResponseClient {

		@Bean
		OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> tokenResponseClient() {
			return countingResponseClient();
		}

	}

}
