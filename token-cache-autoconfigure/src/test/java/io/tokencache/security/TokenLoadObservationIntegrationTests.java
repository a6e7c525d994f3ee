package io.tokencache.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.tokencache.FakeTicker;
import io.tokencache.Ticker;
import io.tokencache.TokenCache;
import io.tokencache.autoconfigure.TokenCacheAutoConfiguration;
import io.tokencache.autoconfigure.TokenCacheObservationAutoConfiguration;
import io.tokencache.micrometer.DefaultTokenLoadObservationConvention;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Each token load of the bridge, against a real token endpoint, is one observation in Boot's
 * {@code ObservationRegistry}: a child of the caller's current observation after a miss (carried
 * to the reactive client's loading thread), a root
 * of its own for a refresh-ahead load, none for a hit. Its key values name the cache, the
 * registration and the result, and never the token (a distinctive one here), the client id,
 * the secret or any other part of the key.
 */
@Timeout(60)
class TokenLoadObservationIntegrationTests {

	private static final String TOKEN = "tok-OBSERVED-9f2c41d7e8";

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final FakeTicker ticker = new FakeTicker();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenCacheAutoConfiguration.class,
				TokenCacheObservationAutoConfiguration.class, TokenCacheOAuth2ClientAutoConfiguration.class))
		.withBean(ObservationRegistry.class, () -> this.registry)
		.withBean(Ticker.class, () -> this.ticker);

	private ScriptedTokenEndpoint endpoint;

	private ClientRegistration registration;

	@BeforeEach
	void start() throws Exception {
		this.endpoint = new ScriptedTokenEndpoint((n) -> ScriptedTokenEndpoint.token(TOKEN + "-" + n, 3600));
		this.registration = this.endpoint.registration("traced").clientId("client-id-SECRETIVE").build();
	}

	@AfterEach
	void stop() {
		this.endpoint.close();
	}

	@Test
	void servletLoadIsOneChildObservationOfTheCallersAndHitsAreNone() {
		this.runner.run((context) -> {
			Observation caller = assertOneObservationPerLoad(context, TokenLifetimeIntegrationTests::servlet);
			assertThat(this.registry).hasObservationWithNameEqualTo("token.cache.load")
				.that()
				.hasParentObservationEqualTo(caller);
		});
	}

	/**
	 * The reactive client loads on Reactor's bounded elastic pool: the caller's observation,
	 * current on the subscribing thread (as when a servlet request blocks on a
	 * {@code WebClient}), is carried there.
	 */
	@Test
	void reactiveLoadIsOneChildObservationOfTheSubscribingThreadsAndHitsAreNone() {
		this.runner.run((context) -> {
			Observation caller = assertOneObservationPerLoad(context, TokenLifetimeIntegrationTests::reactive);
			assertThat(this.registry).hasObservationWithNameEqualTo("token.cache.load")
				.that()
				.hasParentObservationEqualTo(caller);
		});
	}

	/** As WebFlux and {@code WebClient} carry it: in the subscriber's Reactor context. */
	@Test
	void reactiveLoadIsAChildOfTheObservationInTheReactorContext() {
		this.runner.run((context) -> {
			Observation caller = Observation.start("caller.request", this.registry);
			ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> client = context
				.<ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest>>getBeanProvider(
						TokenLifetimeIntegrationTests.REACTIVE_CLIENT)
				.getObject();
			assertThat(client.getTokenResponse(new OAuth2ClientCredentialsGrantRequest(this.registration))
				.contextWrite((reactorContext) -> reactorContext.put(ObservationCallerContext.KEY, caller))
				.block(Duration.ofSeconds(30))
				.getAccessToken()
				.getTokenValue()).isEqualTo(TOKEN + "-1");
			caller.stop();
			assertThat(this.registry).hasObservationWithNameEqualTo("token.cache.load")
				.that()
				.hasParentObservationEqualTo(caller);
		});
	}

	@Test
	void retryAfterAndFailureAreTaggedByResult() {
		this.endpoint.script((n) -> (n == 1) ? ScriptedTokenEndpoint.status(429, Map.of("Retry-After", "4"))
				: ScriptedTokenEndpoint.status(500, Map.of()));
		this.runner.withPropertyValues("token-cache.backoff.initial-interval=0", "token-cache.backoff.max-interval=0")
			.run((context) -> {
				catchThrowable(() -> TokenLifetimeIntegrationTests.servlet(context, this.registration));
				this.ticker.advance(Duration.ofSeconds(5));
				catchThrowable(() -> TokenLifetimeIntegrationTests.servlet(context, this.registration));
				assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo("token.cache.load", 2)
					.hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("result", "retry_after")
						.hasLowCardinalityKeyValue("error", "TokenEndpointRetryAfterException"))
					.hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("result", "failure")
						.doesNotHaveError());
				assertNothingSecret(context);
			});
	}

	@Test
	void refreshAheadLoadIsARootObservation() {
		this.runner.run((context) -> {
			TokenLifetimeIntegrationTests.servlet(context, this.registration);
			this.ticker.advance(Duration.ofMinutes(54).plusSeconds(45));
			Observation caller = Observation.start("caller.request", this.registry);
			try (Observation.Scope scope = caller.openScope()) {
				TokenLifetimeIntegrationTests.servlet(context, this.registration);
			}
			caller.stop();
			await().atMost(Duration.ofSeconds(30)).until(() -> this.endpoint.requests() == 2);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(this.registry)
					.hasNumberOfObservationsWithNameEqualTo("token.cache.load", 2)
					.hasAnObservation((observation) -> observation.hasNameEqualTo("token.cache.load")
						.hasLowCardinalityKeyValue("refresh", "true")
						.hasLowCardinalityKeyValue("result", "success")
						.doesNotHaveParentObservation()));
			assertNothingSecret(context);
		});
	}

	private Observation assertOneObservationPerLoad(AssertableApplicationContext context,
			RetryAfterIntegrationTests.Client client) {
		Observation caller = Observation.start("caller.request", this.registry);
		try (Observation.Scope scope = caller.openScope()) {
			for (int i = 0; i < 3; i++) {
				assertThat(client.apply(context, this.registration).getAccessToken().getTokenValue())
					.isEqualTo(TOKEN + "-1");
			}
		}
		caller.stop();
		assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo("token.cache.load", 1)
			.hasObservationWithNameEqualTo("token.cache.load")
			.that()
			.hasContextualNameEqualTo("token load")
			.hasLowCardinalityKeyValue("cache", "tokenCache")
			.hasLowCardinalityKeyValue("registration", "traced")
			.hasLowCardinalityKeyValue("refresh", "false")
			.hasLowCardinalityKeyValue("result", "success")
			.hasLowCardinalityKeyValue("error", "none")
			.doesNotHaveError()
			.hasBeenStarted()
			.hasBeenStopped();
		assertNothingSecret(context);
		String key = context.getBean(RegistrationKeys.class).registrationKey(this.registration);
		assertThat(context.getBean(TokenCache.class).stats().keys()).containsExactly(key);
		return caller;
	}

	/** No key value of any observation holds the token, the client id, the secret or the key. */
	private void assertNothingSecret(AssertableApplicationContext context) {
		String key = context.getBean(RegistrationKeys.class).registrationKey(this.registration);
		String fingerprint = key.substring(key.lastIndexOf(':') + 1);
		assertThat(this.registry).hasHandledContextsThatSatisfy((contexts) -> {
			List<String> values = new ArrayList<>();
			contexts.forEach((observed) -> {
				observed.getAllKeyValues().forEach((keyValue) -> values.add(text(keyValue)));
				values.add(String.valueOf(observed.getContextualName()));
			});
			assertThat(values).isNotEmpty()
				.noneMatch((value) -> value.contains("tok-OBSERVED") || value.contains("SECRETIVE")
						|| value.contains("traced-secret") || value.contains(fingerprint) || value.contains("oauth2"));
		});
	}

	private static String text(KeyValue keyValue) {
		return keyValue.getKey() + "=" + keyValue.getValue();
	}

}
