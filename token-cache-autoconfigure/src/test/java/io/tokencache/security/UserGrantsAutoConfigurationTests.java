package io.tokencache.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.tokencache.TokenCache;
import io.tokencache.TokenEntryInfo;
import io.tokencache.autoconfigure.TokenCacheAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.JwtBearerGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.TokenExchangeGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-user grants of {@link TokenCacheOAuth2ClientAutoConfiguration}: which response
 * clients it publishes, how it decorates the application's, and what the cache keeps.
 */
class UserGrantsAutoConfigurationTests {

	private static final ResolvableType EXCHANGE = ResolvableType
		.forClassWithGenerics(OAuth2AccessTokenResponseClient.class, TokenExchangeGrantRequest.class);

	private static final ResolvableType REACTIVE_EXCHANGE = ResolvableType
		.forClassWithGenerics(ReactiveOAuth2AccessTokenResponseClient.class, TokenExchangeGrantRequest.class);

	private static final ResolvableType JWT_BEARER = ResolvableType
		.forClassWithGenerics(OAuth2AccessTokenResponseClient.class, JwtBearerGrantRequest.class);

	private static final ResolvableType REFRESH = ResolvableType
		.forClassWithGenerics(OAuth2AccessTokenResponseClient.class, OAuth2RefreshTokenGrantRequest.class);

	private static final ResolvableType REACTIVE_REFRESH = ResolvableType
		.forClassWithGenerics(ReactiveOAuth2AccessTokenResponseClient.class, OAuth2RefreshTokenGrantRequest.class);

	/** A user's token that a test looks for where it must not be. */
	private static final String USER_TOKEN = "user-token-never-in-a-key";

	private static final ClientRegistration EXCHANGE_REGISTRATION = ClientRegistration.withRegistrationId("orders")
		.clientId("orders-client")
		.clientSecret("orders-secret")
		.authorizationGrantType(AuthorizationGrantType.TOKEN_EXCHANGE)
		.tokenUri("https://idp.example.com/oauth2/token")
		.build();

	private static final ClientRegistration JWT_BEARER_REGISTRATION = ClientRegistration.withRegistrationId("audit")
		.clientId("audit-client")
		.clientSecret("audit-secret")
		.authorizationGrantType(AuthorizationGrantType.JWT_BEARER)
		.tokenUri("https://idp.example.com/oauth2/token")
		.build();

	private static final ClientRegistration LOGIN_REGISTRATION = ClientRegistration.withRegistrationId("login")
		.clientId("login-client")
		.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
		.redirectUri("http://localhost/callback")
		.authorizationUri("https://idp.example.com/oauth2/authorize")
		.tokenUri("https://idp.example.com/oauth2/token")
		.build();

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TokenCacheAutoConfiguration.class, TokenCacheOAuth2ClientAutoConfiguration.class));

	@Test
	void publishesTheRefreshClientsAlwaysAndTheExchangeClientsOnlyForARegistrationThatUsesThem() {
		this.runner.run((context) -> {
			assertThat(context.getBeanProvider(REFRESH).getObject()).isInstanceOf(CachingRefreshTokenResponseClient.class);
			assertThat(context.getBeanProvider(REACTIVE_REFRESH).getObject())
				.isInstanceOf(CachingReactiveRefreshTokenResponseClient.class);
			assertThat(context.getBeanProvider(EXCHANGE).getIfAvailable()).isNull();
			assertThat(context.getBeanProvider(JWT_BEARER).getIfAvailable()).isNull();
		});
	}

	@Test
	void registrationUsingTokenExchangeTurnsTheGrantOnWithCachingClients() {
		this.runner.withPropertyValues(
				"spring.security.oauth2.client.registration.orders.authorization-grant-type=urn:ietf:params:oauth:grant-type:token-exchange")
			.run((context) -> {
				assertThat(context.getBeanProvider(EXCHANGE).getObject())
					.isInstanceOf(CachingDelegatedTokenResponseClient.class);
				assertThat(context.getBeanProvider(REACTIVE_EXCHANGE).getObject())
					.isInstanceOf(CachingReactiveDelegatedTokenResponseClient.class);
				assertThat(context.getBeanProvider(JWT_BEARER).getIfAvailable()).isNull();
			});
	}

	@Test
	void registrationUsingJwtBearerTurnsThatGrantOn() {
		this.runner.withPropertyValues(
				"spring.security.oauth2.client.registration.orders.authorization-grant-type=urn:ietf:params:oauth:grant-type:jwt-bearer")
			.run((context) -> assertThat(context.getBeanProvider(JWT_BEARER).getObject())
				.isInstanceOf(CachingDelegatedTokenResponseClient.class));
	}

	@Test
	void applicationsOwnExchangeClientIsDecoratedAndCalledOncePerUsersToken() {
		this.runner.withUserConfiguration(OwnClients.class).run((context) -> {
			OAuth2AccessTokenResponseClient<TokenExchangeGrantRequest> client = exchangeClient(context);
			OwnClients own = context.getBean(OwnClients.class);
			assertThat(client).isInstanceOf(CachingDelegatedTokenResponseClient.class);
			String first = client.getTokenResponse(exchange(USER_TOKEN, 600)).getAccessToken().getTokenValue();
			assertThat(client.getTokenResponse(exchange(USER_TOKEN, 600)).getAccessToken().getTokenValue())
				.isEqualTo(first);
			assertThat(client.getTokenResponse(exchange("another-user", 600)).getAccessToken().getTokenValue())
				.isNotEqualTo(first);
			assertThat(own.exchanges.get()).isEqualTo(2);
		});
	}

	@Test
	void exchangedTokenIsCachedNoLongerThanTheUsersTokenIsValid() {
		this.runner.withUserConfiguration(OwnClients.class).run((context) -> {
			OAuth2AccessTokenResponse response = exchangeClient(context).getTokenResponse(exchange(USER_TOKEN, 90));
			TokenEntryInfo entry = context.getBean(TokenCache.class).entries().get(0);
			assertThat(entry.expiresAt()).isBefore(Instant.now().plusSeconds(91));
			assertThat(response.getAccessToken().getExpiresAt()).isBefore(Instant.now().plusSeconds(91));
		});
	}

	@Test
	void usersTokenAboutToExpireIsExchangedUncached() {
		this.runner.withUserConfiguration(OwnClients.class).run((context) -> {
			OAuth2AccessTokenResponseClient<TokenExchangeGrantRequest> client = exchangeClient(context);
			client.getTokenResponse(exchange(USER_TOKEN, 0));
			client.getTokenResponse(exchange(USER_TOKEN, 0));
			assertThat(context.getBean(OwnClients.class).exchanges.get()).isEqualTo(2);
			assertThat(context.getBean(TokenCache.class).entries()).isEmpty();
		});
	}

	@Test
	void jwtBearerAssertionIsTheKeyAndItsExpiryTheBound() {
		this.runner.withUserConfiguration(OwnClients.class).run((context) -> {
			OAuth2AccessTokenResponseClient<JwtBearerGrantRequest> client = context.getBean("ownJwtBearer",
					OAuth2AccessTokenResponseClient.class);
			JwtBearerGrantRequest request = new JwtBearerGrantRequest(JWT_BEARER_REGISTRATION, jwt(USER_TOKEN, 120));
			client.getTokenResponse(request);
			client.getTokenResponse(request);
			client.getTokenResponse(new JwtBearerGrantRequest(JWT_BEARER_REGISTRATION, jwt("another-assertion", 120)));
			assertThat(context.getBean(OwnClients.class).bearers.get()).isEqualTo(2);
			TokenEntryInfo entry = context.getBean(TokenCache.class).entries().get(0);
			assertThat(entry.key()).contains(":jwt-bearer:").doesNotContain(USER_TOKEN);
			assertThat(entry.expiresAt()).isBefore(Instant.now().plusSeconds(121));
		});
	}

	@Test
	void keysHoldNeitherTheUsersTokenNorTheExchangedOne() {
		this.runner.withUserConfiguration(OwnClients.class).run((context) -> {
			String issued = exchangeClient(context).getTokenResponse(exchange(USER_TOKEN, 600))
				.getAccessToken()
				.getTokenValue();
			String key = context.getBean(TokenCache.class).entries().get(0).key();
			assertThat(key).startsWith(context.getBean(RegistrationKeys.class).registrationKey(EXCHANGE_REGISTRATION))
				.matches(".*:token-exchange:[A-Za-z0-9_-]{43}")
				.doesNotContain(USER_TOKEN)
				.doesNotContain(issued);
			assertThat(context.getBean(OAuth2ClientTokens.class).toString()).doesNotContain(USER_TOKEN)
				.doesNotContain(issued);
		});
	}

	@Test
	void serviceKeepsNoExchangedClientButKeepsLoginClientsOnce() {
		this.runner.withUserConfiguration(OwnClients.class, ServiceConfiguration.class).run((context) -> {
			exchangeClient(context);
			OAuth2AuthorizedClientService service = context.getBean(OAuth2AuthorizedClientService.class);
			CountingService counting = context.getBean(ServiceConfiguration.class).counting;
			TestingAuthenticationToken user = new TestingAuthenticationToken("user-1", null);
			service.saveAuthorizedClient(new OAuth2AuthorizedClient(EXCHANGE_REGISTRATION, "user-1", token("x")), user);
			assertThat(service.<OAuth2AuthorizedClient>loadAuthorizedClient("orders", "user-1")).isNull();
			OAuth2AuthorizedClient login = new OAuth2AuthorizedClient(LOGIN_REGISTRATION, "user-1", token("a"),
					new OAuth2RefreshToken("r", Instant.now()));
			service.saveAuthorizedClient(login, user);
			service.saveAuthorizedClient(login, user);
			assertThat(counting.saves.get()).isEqualTo(1);
		});
	}

	@SuppressWarnings("unchecked")
	private static OAuth2AccessTokenResponseClient<TokenExchangeGrantRequest> exchangeClient(
			org.springframework.context.ApplicationContext context) {
		return context.getBean("ownExchange", OAuth2AccessTokenResponseClient.class);
	}

	private static TokenExchangeGrantRequest exchange(String userToken, long validForSeconds) {
		return new TokenExchangeGrantRequest(EXCHANGE_REGISTRATION, jwt(userToken, validForSeconds), null);
	}

	private static Jwt jwt(String value, long validForSeconds) {
		Instant now = Instant.now();
		return Jwt.withTokenValue(value)
			.header("alg", "RS256")
			.subject("user")
			.issuedAt(now.minusSeconds(1))
			.expiresAt(now.plusSeconds(validForSeconds))
			.build();
	}

	private static OAuth2AccessToken token(String value) {
		return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, value, Instant.now(),
				Instant.now().plus(Duration.ofMinutes(10)));
	}

	private static OAuth2AccessTokenResponse issued(String prefix, AtomicInteger counter) {
		return OAuth2AccessTokenResponse.withToken(prefix + counter.incrementAndGet())
			.tokenType(OAuth2AccessToken.TokenType.BEARER)
			.scopes(Set.of("orders.read"))
			.expiresIn(3600)
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnClients {

		final AtomicInteger exchanges = new AtomicInteger();

		final AtomicInteger bearers = new AtomicInteger();

		@Bean
		OAuth2AccessTokenResponseClient<TokenExchangeGrantRequest> ownExchange() {
			return (request) -> issued("exchanged-", this.exchanges);
		}

		@Bean
		OAuth2AccessTokenResponseClient<JwtBearerGrantRequest> ownJwtBearer() {
			return (request) -> issued("bearer-", this.bearers);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ServiceConfiguration {

		final CountingService counting = new CountingService();

		@Bean
		OAuth2AuthorizedClientService authorizedClientService() {
			return this.counting;
		}

	}

	/** Spring's in-memory service, counting the saves that reach it. */
	static final class CountingService implements OAuth2AuthorizedClientService {

		final AtomicInteger saves = new AtomicInteger();

		private final InMemoryOAuth2AuthorizedClientService store = new InMemoryOAuth2AuthorizedClientService(
				new InMemoryClientRegistrationRepository(EXCHANGE_REGISTRATION, LOGIN_REGISTRATION));

		@Override
		public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String clientRegistrationId,
				String principalName) {
			return this.store.loadAuthorizedClient(clientRegistrationId, principalName);
		}

		@Override
		public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal) {
			this.saves.incrementAndGet();
			this.store.saveAuthorizedClient(authorizedClient, principal);
		}

		@Override
		public void removeAuthorizedClient(String clientRegistrationId, String principalName) {
			this.store.removeAuthorizedClient(clientRegistrationId, principalName);
		}

	}

}
