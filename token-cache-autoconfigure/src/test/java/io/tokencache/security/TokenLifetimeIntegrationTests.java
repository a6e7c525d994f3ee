package io.tokencache.security;

import java.time.Duration;
import java.time.Instant;

import io.tokencache.TokenCache;
import io.tokencache.TokenEntryInfo;
import io.tokencache.autoconfigure.TokenCacheAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.ResolvableType;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long the starter's servlet and reactive clients cache tokens from a real token endpoint
 * that leaves {@code expires_in} out: Spring Security alone would keep such a token for one
 * second, and the cache before this for none.
 */
@Timeout(60)
class TokenLifetimeIntegrationTests {

	static final ResolvableType SERVLET_CLIENT = ResolvableType
		.forClassWithGenerics(OAuth2AccessTokenResponseClient.class, OAuth2ClientCredentialsGrantRequest.class);

	static final ResolvableType REACTIVE_CLIENT = ResolvableType
		.forClassWithGenerics(ReactiveOAuth2AccessTokenResponseClient.class, OAuth2ClientCredentialsGrantRequest.class);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(TokenCacheAutoConfiguration.class, TokenCacheOAuth2ClientAutoConfiguration.class))
		.withPropertyValues("token-cache.oauth2-client.default-expires-in=7m");

	private ScriptedTokenEndpoint endpoint;

	@BeforeEach
	void start() throws Exception {
		this.endpoint = new ScriptedTokenEndpoint((n) -> ScriptedTokenEndpoint.token("opaque-" + n));
	}

	@AfterEach
	void stop() {
		this.endpoint.close();
	}

	@Test
	void servletJwtWithoutExpiresInIsRequestedOnceThroughSpringSecurityAndKeptUntilItsExp() {
		Instant exp = Instant.now().plus(Duration.ofHours(1));
		String jwt = TokenLifetimesTests.jwt("{\"sub\":\"client\",\"exp\":" + exp.getEpochSecond() + "}");
		this.endpoint.script((n) -> ScriptedTokenEndpoint.token(jwt));
		ClientRegistration registration = this.endpoint.registration("jwt").build();
		this.runner.run((context) -> {
			AuthorizedClientServiceOAuth2AuthorizedClientManager manager = manager(context, registration);
			for (int i = 0; i < 10; i++) {
				assertThat(manager.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("jwt")
					.principal(new TestingAuthenticationToken("caller-" + i, null))
					.build()).getAccessToken().getTokenValue()).isEqualTo(jwt);
			}
			assertThat(this.endpoint.requests()).isOne();
			assertThat(expiresAt(context, registration)).isBetween(exp.minusSeconds(2), exp);
		});
	}

	@Test
	void servletOpaqueTokenWithoutExpiresInIsKeptForTheDefault() {
		ClientRegistration registration = this.endpoint.registration("opaque").build();
		this.runner.run((context) -> {
			OAuth2AccessTokenResponse first = servlet(context, registration);
			OAuth2AccessTokenResponse second = servlet(context, registration);
			assertThat(second.getAccessToken().getTokenValue()).isEqualTo(first.getAccessToken().getTokenValue());
			assertThat(this.endpoint.requests()).isOne();
			assertKeptFor(context, registration, Duration.ofMinutes(7), second);
		});
	}

	@Test
	void servletJwtWhoseExpIsPastIsKeptForTheDefault() {
		String jwt = TokenLifetimesTests.jwt("{\"exp\":" + Instant.now().minusSeconds(60).getEpochSecond() + "}");
		this.endpoint.script((n) -> ScriptedTokenEndpoint.token(jwt));
		ClientRegistration registration = this.endpoint.registration("past").build();
		this.runner.run((context) -> {
			servlet(context, registration);
			assertKeptFor(context, registration, Duration.ofMinutes(7), servlet(context, registration));
			assertThat(this.endpoint.requests()).isOne();
		});
	}

	@Test
	void servletExpiresInStillWins() {
		this.endpoint.script((n) -> ScriptedTokenEndpoint.token("opaque-" + n, 90));
		ClientRegistration registration = this.endpoint.registration("stated").build();
		this.runner.run((context) -> assertKeptFor(context, registration, Duration.ofSeconds(90),
				servlet(context, registration)));
	}

	@Test
	void reactiveJwtWithoutExpiresInIsRequestedOnceAndKeptUntilItsExp() {
		Instant exp = Instant.now().plus(Duration.ofHours(1));
		String jwt = TokenLifetimesTests.jwt("{\"exp\":" + exp.getEpochSecond() + "}");
		this.endpoint.script((n) -> ScriptedTokenEndpoint.token(jwt));
		ClientRegistration registration = this.endpoint.registration("jwt").build();
		this.runner.run((context) -> {
			for (int i = 0; i < 10; i++) {
				assertThat(reactive(context, registration).getAccessToken().getTokenValue()).isEqualTo(jwt);
			}
			assertThat(this.endpoint.requests()).isOne();
			assertThat(expiresAt(context, registration)).isBetween(exp.minusSeconds(2), exp);
			assertThat(reactive(context, registration).getAccessToken().getExpiresAt()).isBetween(exp.minusSeconds(2),
					exp);
		});
	}

	@Test
	void reactiveOpaqueTokenWithoutExpiresInIsKeptForTheDefault() {
		ClientRegistration registration = this.endpoint.registration("opaque").build();
		this.runner.run((context) -> {
			reactive(context, registration);
			assertKeptFor(context, registration, Duration.ofMinutes(7), reactive(context, registration));
			assertThat(this.endpoint.requests()).isOne();
		});
	}

	@Test
	void reactiveJwtWhoseExpIsPastIsKeptForTheDefault() {
		String jwt = TokenLifetimesTests.jwt("{\"exp\":" + Instant.now().minusSeconds(60).getEpochSecond() + "}");
		this.endpoint.script((n) -> ScriptedTokenEndpoint.token(jwt));
		ClientRegistration registration = this.endpoint.registration("past").build();
		this.runner.run((context) -> {
			reactive(context, registration);
			assertKeptFor(context, registration, Duration.ofMinutes(7), reactive(context, registration));
			assertThat(this.endpoint.requests()).isOne();
		});
	}

	/** The cache keeps the token for about the lifetime, and Spring Security is told the same. */
	private static void assertKeptFor(AssertableApplicationContext context, ClientRegistration registration,
			Duration lifetime, OAuth2AccessTokenResponse response) {
		Instant expected = Instant.now().plus(lifetime);
		assertThat(expiresAt(context, registration)).isBetween(expected.minusSeconds(5), expected.plusSeconds(1));
		assertThat(response.getAccessToken().getExpiresAt()).isBetween(expected.minusSeconds(5), expected);
	}

	private static Instant expiresAt(AssertableApplicationContext context, ClientRegistration registration) {
		String key = context.getBean(RegistrationKeys.class).registrationKey(registration);
		return context.getBean(TokenCache.class).describe(key).map(TokenEntryInfo::expiresAt).orElseThrow();
	}

	static OAuth2AccessTokenResponse servlet(AssertableApplicationContext context, ClientRegistration registration) {
		return context.<OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest>>getBeanProvider(
				SERVLET_CLIENT)
			.getObject()
			.getTokenResponse(new OAuth2ClientCredentialsGrantRequest(registration));
	}

	static OAuth2AccessTokenResponse reactive(AssertableApplicationContext context, ClientRegistration registration) {
		return context.<ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest>>getBeanProvider(
				REACTIVE_CLIENT)
			.getObject()
			.getTokenResponse(new OAuth2ClientCredentialsGrantRequest(registration))
			.block(Duration.ofSeconds(30));
	}

	/** Spring Security's own manager, which asks the response client only when its token has expired. */
	private static AuthorizedClientServiceOAuth2AuthorizedClientManager manager(AssertableApplicationContext context,
			ClientRegistration registration) {
		InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(registration);
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, new InMemoryOAuth2AuthorizedClientService(registrations));
		OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> client = context
			.<OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest>>getBeanProvider(SERVLET_CLIENT)
			.getObject();
		manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
			.clientCredentials((credentials) -> credentials.accessTokenResponseClient(client))
			.build());
		return manager;
	}

}
