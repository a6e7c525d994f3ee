package io.tokencache.security;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.BiFunction;

import io.tokencache.FakeTicker;
import io.tokencache.Ticker;
import io.tokencache.autoconfigure.TokenCacheAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A real token endpoint that answers 429 or 503 with {@code Retry-After}: the starter's servlet
 * and reactive clients make no token request for the registration until the wait is over, then
 * one. Meanwhile callers get the cached token or fail at once saying when the next try is. The
 * cache runs on a fake ticker, except in the one test that waits the 4 seconds in real time.
 */
@Timeout(60)
class RetryAfterIntegrationTests {

	private final FakeTicker ticker = new FakeTicker();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(TokenCacheAutoConfiguration.class, TokenCacheOAuth2ClientAutoConfiguration.class))
		.withBean(Ticker.class, () -> this.ticker);

	private ScriptedTokenEndpoint endpoint;

	private ClientRegistration registration;

	@BeforeEach
	void start() throws Exception {
		this.endpoint = new ScriptedTokenEndpoint((n) -> (n == 1) ? tooManyRequests("4")
				: ScriptedTokenEndpoint.token("token-" + n, 3600));
		this.registration = this.endpoint.registration("limited").build();
	}

	@AfterEach
	void stop() {
		this.endpoint.close();
	}

	@Test
	void servletMakesNoRequestForFourSecondsThenOne() {
		this.runner.run((context) -> assertNoRequestUntilTheWaitIsOver(context, TokenLifetimeIntegrationTests::servlet,
				Duration.ofSeconds(4)));
	}

	@Test
	void reactiveMakesNoRequestForFourSecondsThenOne() {
		this.runner.run((context) -> assertNoRequestUntilTheWaitIsOver(context,
				TokenLifetimeIntegrationTests::reactive, Duration.ofSeconds(4)));
	}

	@Test
	void servletHonoursAnHttpDate() {
		this.endpoint.script((n) -> (n == 1) ? tooManyRequests(httpDate(Instant.now().plusSeconds(11)))
				: ScriptedTokenEndpoint.token("token-" + n, 3600));
		this.runner.run((context) -> assertNoRequestUntilTheWaitIsOver(context, TokenLifetimeIntegrationTests::servlet,
				Duration.ofSeconds(9)));
	}

	@Test
	void reactiveHonoursAnHttpDateOnA503() {
		this.endpoint.script((n) -> (n == 1)
				? ScriptedTokenEndpoint.status(503, Map.of("Retry-After", httpDate(Instant.now().plusSeconds(11))))
				: ScriptedTokenEndpoint.token("token-" + n, 3600));
		this.runner.run((context) -> assertNoRequestUntilTheWaitIsOver(context,
				TokenLifetimeIntegrationTests::reactive, Duration.ofSeconds(9)));
	}

	@Test
	void waitIsCappedByMaxRetryAfter() {
		this.endpoint.script((n) -> (n == 1) ? tooManyRequests("86400")
				: ScriptedTokenEndpoint.token("token-" + n, 3600));
		this.runner.withPropertyValues("token-cache.oauth2-client.max-retry-after=6s").run((context) -> {
			TokenEndpointRetryAfterException first = retryAfter(context, TokenLifetimeIntegrationTests::servlet);
			assertThat(first.retryAfter()).isEqualTo(Duration.ofSeconds(6));
			assertThat(first).hasMessageEndingWith("(capped by token-cache.oauth2-client.max-retry-after)");
			assertNoRequestUntil(context, TokenLifetimeIntegrationTests::servlet, Duration.ofSeconds(6));
		});
	}

	@Test
	void callersGetTheUnexpiredTokenMeanwhile() {
		this.endpoint.script((n) -> (n == 2) ? tooManyRequests("4") : ScriptedTokenEndpoint.token("token-" + n, 600));
		this.runner.run((context) -> {
			assertThat(token(context, TokenLifetimeIntegrationTests::servlet)).isEqualTo("token-1");
			// Past its refresh point (600 s less the 5-minute buffer), before its expiry.
			this.ticker.advance(Duration.ofSeconds(400));
			for (int i = 0; i < 5; i++) {
				assertThat(token(context, TokenLifetimeIntegrationTests::servlet)).isEqualTo("token-1");
				assertThat(token(context, TokenLifetimeIntegrationTests::reactive)).isEqualTo("token-1");
			}
			assertThat(this.endpoint.requests()).isEqualTo(2);
			this.ticker.advance(Duration.ofSeconds(4));
			assertThat(token(context, TokenLifetimeIntegrationTests::servlet)).isEqualTo("token-3");
		});
	}

	@Test
	void answerWithoutRetryAfterIsSpringSecuritysOwnFailure() {
		this.endpoint.script((n) -> ScriptedTokenEndpoint.status(503, Map.of()));
		this.runner.run((context) -> assertThatExceptionOfType(OAuth2AuthorizationException.class)
			.isThrownBy(() -> TokenLifetimeIntegrationTests.servlet(context, this.registration))
			.isNotInstanceOf(TokenEndpointRetryAfterException.class));
	}

	/** Real time: the first token request after the 429 comes no sooner than 4 seconds after it. */
	@Test
	void realTimeServletMakesNoRequestForFourSecondsThenOne() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TokenCacheAutoConfiguration.class,
					TokenCacheOAuth2ClientAutoConfiguration.class))
			.run((context) -> {
				retryAfter(context, TokenLifetimeIntegrationTests::servlet);
				long limited = System.nanoTime();
				await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
					int before = this.endpoint.requests();
					String token = token(context, TokenLifetimeIntegrationTests::servlet, true);
					if (token == null) {
						assertThat(this.endpoint.requests()).isEqualTo(before);
					}
					assertThat(token).isEqualTo("token-2");
				});
				assertThat(Duration.ofNanos(System.nanoTime() - limited)).isGreaterThanOrEqualTo(Duration.ofSeconds(4)
					.minusMillis(1000));
				assertThat(this.endpoint.requests()).isEqualTo(2);
			});
	}

	private void assertNoRequestUntilTheWaitIsOver(AssertableApplicationContext context, Client client,
			Duration atLeast) {
		TokenEndpointRetryAfterException first = retryAfter(context, client);
		assertThat(first.nextTry()).isAfter(Instant.now().plus(atLeast).minusSeconds(1));
		assertThat(first).hasMessageContaining(" answered ").hasMessageContaining("no token request before");
		assertNoRequestUntil(context, client, atLeast);
	}

	/** No request while the fake ticker is short of the wait; one once it is past. */
	private void assertNoRequestUntil(AssertableApplicationContext context, Client client, Duration wait) {
		this.ticker.advance(wait.minusMillis(500));
		TokenEndpointRetryAfterException again = retryAfter(context, client);
		assertThat(again.nextTry()).isAfter(Instant.now());
		assertThat(this.endpoint.requests()).isOne();
		this.ticker.advance(Duration.ofSeconds(3));
		assertThat(token(context, client)).isEqualTo("token-2");
		assertThat(token(context, client)).isEqualTo("token-2");
		assertThat(this.endpoint.requests()).isEqualTo(2);
	}

	private TokenEndpointRetryAfterException retryAfter(AssertableApplicationContext context, Client client) {
		return assertThatExceptionOfType(TokenEndpointRetryAfterException.class)
			.isThrownBy(() -> client.apply(context, this.registration))
			.actual();
	}

	private String token(AssertableApplicationContext context, Client client) {
		return client.apply(context, this.registration).getAccessToken().getTokenValue();
	}

	/** The token, or {@code null} if the call failed with the wait still on. */
	private String token(AssertableApplicationContext context, Client client, boolean orNull) {
		try {
			return token(context, client);
		}
		catch (TokenEndpointRetryAfterException ex) {
			return null;
		}
	}

	private static ScriptedTokenEndpoint.Reply tooManyRequests(String retryAfter) {
		return ScriptedTokenEndpoint.status(429, Map.of("Retry-After", retryAfter));
	}

	private static String httpDate(Instant instant) {
		return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atZone(ZoneOffset.UTC));
	}

	@FunctionalInterface
	interface Client extends BiFunction<AssertableApplicationContext, ClientRegistration, OAuth2AccessTokenResponse> {

	}

}
