package io.tokencache.security;

import java.time.Duration;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Inside the refresh-ahead window, the servlet and the reactive clients both answer the current
 * token at once and replace it in the background, before its refresh point, so that no caller
 * waits for the token endpoint. With the default 5-minute buffer and 1-minute window, a token
 * of an hour is refreshed from between 54 and 54.5 minutes on. The cache runs on a fake ticker.
 */
@Timeout(60)
class RefreshAheadIntegrationTests {

	private final FakeTicker ticker = new FakeTicker();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(TokenCacheAutoConfiguration.class, TokenCacheOAuth2ClientAutoConfiguration.class))
		.withBean(Ticker.class, () -> this.ticker);

	private ScriptedTokenEndpoint endpoint;

	private ClientRegistration registration;

	@BeforeEach
	void start() throws Exception {
		this.endpoint = new ScriptedTokenEndpoint((n) -> ScriptedTokenEndpoint.token("token-" + n, 3600));
		this.registration = this.endpoint.registration("ahead").build();
	}

	@AfterEach
	void stop() {
		this.endpoint.close();
	}

	@Test
	void servletRefreshesAheadOfTheRefreshPoint() {
		this.runner.run((context) -> assertRefreshedAhead(context, TokenLifetimeIntegrationTests::servlet));
	}

	@Test
	void reactiveRefreshesAheadOfTheRefreshPoint() {
		this.runner.run((context) -> assertRefreshedAhead(context, TokenLifetimeIntegrationTests::reactive));
	}

	private void assertRefreshedAhead(AssertableApplicationContext context, RetryAfterIntegrationTests.Client client) {
		assertThat(token(context, client)).isEqualTo("token-1");
		this.ticker.advance(Duration.ofMinutes(54).plusSeconds(45));
		assertThat(token(context, client)).isEqualTo("token-1");
		await().atMost(Duration.ofSeconds(30)).until(() -> token(context, client).equals("token-2"));
		assertThat(this.endpoint.requests()).isEqualTo(2);
	}

	private String token(AssertableApplicationContext context, RetryAfterIntegrationTests.Client client) {
		return client.apply(context, this.registration).getAccessToken().getTokenValue();
	}

}
