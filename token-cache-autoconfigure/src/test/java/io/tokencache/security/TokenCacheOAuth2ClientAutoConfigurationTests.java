package io.tokencache.security;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import io.tokencache.TokenCache;
import io.tokencache.autoconfigure.TokenCacheAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions and decoration of {@link TokenCacheOAuth2ClientAutoConfiguration}.
 */
class TokenCacheOAuth2ClientAutoConfigurationTests {

	private static final ResolvableType CLIENT_CREDENTIALS_CLIENT = ResolvableType
		.forClassWithGenerics(OAuth2AccessTokenResponseClient.class, OAuth2ClientCredentialsGrantRequest.class);

	private static final ResolvableType REACTIVE_CLIENT_CREDENTIALS_CLIENT = ResolvableType.forClassWithGenerics(
			ReactiveOAuth2AccessTokenResponseClient.class, OAuth2ClientCredentialsGrantRequest.class);

	private static final ClientRegistration REGISTRATION = ClientRegistration.withRegistrationId("billing")
		.clientId("billing-client")
		.clientSecret("billing-secret")
		.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
		.scope("invoices.read")
		.tokenUri("https://idp.example.com/oauth2/token")
		.build();

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TokenCacheAutoConfiguration.class, TokenCacheOAuth2ClientAutoConfiguration.class));

	@Test
	void contributesCachingResponseClientsForServletAndReactive() {
		this.runner.run((context) -> {
			assertThat(context.getBeanProvider(CLIENT_CREDENTIALS_CLIENT).getObject())
				.isInstanceOf(CachingClientCredentialsTokenResponseClient.class);
			assertThat(context.getBeanProvider(REACTIVE_CLIENT_CREDENTIALS_CLIENT).getObject())
				.isInstanceOf(CachingReactiveClientCredentialsTokenResponseClient.class);
		});
	}

	@Test
	void offSwitchLeavesSpringSecurityAlone() {
		this.runner.withPropertyValues("token-cache.oauth2-client.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ClientCredentialsTokens.class)
				.doesNotHaveBean(OAuth2AccessTokenResponseClient.class)
				.doesNotHaveBean(TokenCachingBeanPostProcessor.class));
	}

	@Test
	void anyValueOtherThanTrueSwitchesItOff() {
		this.runner.withPropertyValues("token-cache.oauth2-client.enabled=no")
			.run((context) -> assertThat(context).doesNotHaveBean(ClientCredentialsTokens.class));
	}

	@Test
	void backsOffWithoutATokenCache() {
		this.runner.withPropertyValues("token-cache.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ClientCredentialsTokens.class));
	}

	@Test
	void backsOffWithoutSpringSecuritysOAuth2Client() {
		this.runner.withClassLoader(new FilteredClassLoader(OAuth2AccessTokenResponseClient.class))
			.run((context) -> assertThat(context).hasSingleBean(TokenCache.class)
				.doesNotHaveBean(ClientCredentialsTokens.class));
	}

	@Test
	void withoutWebFluxOnlyTheServletClientIsContributed() {
		this.runner.withClassLoader(new FilteredClassLoader(WebClient.class)).run((context) -> {
			assertThat(context.getBeanProvider(CLIENT_CREDENTIALS_CLIENT).getIfAvailable()).isNotNull();
			assertThat(context).doesNotHaveBean(ReactiveOAuth2AccessTokenResponseClient.class);
		});
	}

	@Test
	void applicationsOwnResponseClientIsDecoratedAndCalledOncePerToken() {
		this.runner.withUserConfiguration(OwnResponseClientConfiguration.class).run((context) -> {
			assertThat(context.getBeanNamesForType(CLIENT_CREDENTIALS_CLIENT)).containsExactly("ownResponseClient");
			OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> client = context
				.<OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest>>getBeanProvider(
						CLIENT_CREDENTIALS_CLIENT)
				.getObject();
			OAuth2ClientCredentialsGrantRequest request = new OAuth2ClientCredentialsGrantRequest(REGISTRATION);
			assertThat(client.getTokenResponse(request).getAccessToken().getTokenValue()).isEqualTo("own-token-1");
			assertThat(client.getTokenResponse(request).getAccessToken().getTokenValue()).isEqualTo("own-token-1");
			assertThat(context.getBean(OwnResponseClientConfiguration.class).calls.get()).isEqualTo(1);
			assertThat(context.getBean(TokenCache.class).stats().keys())
				.containsExactly(context.getBean(RegistrationKeys.class).registrationKey(REGISTRATION));
		});
	}

	@Test
	void responseClientOfAnotherGrantNeitherReplacesNorIsDecorated() {
		this.runner.withUserConfiguration(RefreshTokenResponseClientConfiguration.class).run((context) -> {
			assertThat(context.getBeanProvider(CLIENT_CREDENTIALS_CLIENT).getObject())
				.isInstanceOf(CachingClientCredentialsTokenResponseClient.class);
			assertThat(context.getBean("refreshTokenResponseClient"))
				.isNotInstanceOf(CachingClientCredentialsTokenResponseClient.class);
		});
	}

	@Test
	void removingAClientEvictsItsTokenOnlyIfTheCacheStillHoldsIt() {
		this.runner.withUserConfiguration(AuthorizedClientServiceConfiguration.class).run((context) -> {
			OAuth2AuthorizedClientService service = context.getBean(OAuth2AuthorizedClientService.class);
			TokenCache cache = context.getBean(TokenCache.class);
			String key = context.getBean(RegistrationKeys.class).registrationKey(REGISTRATION);
			assertThat(service).isInstanceOf(InvalidatingAuthorizedClientService.class);
			cache.put(key, "token-2", java.time.Duration.ofMinutes(10));
			service.saveAuthorizedClient(client("token-1"), new TestingAuthenticationToken("old", null));
			service.removeAuthorizedClient("billing", "old");
			assertThat(cache.get(key)).contains("token-2");
			service.saveAuthorizedClient(client("token-2"), new TestingAuthenticationToken("current", null));
			service.removeAuthorizedClient("billing", "current");
			assertThat(cache.get(key)).isEmpty();
		});
	}

	private static OAuth2AuthorizedClient client(String token) {
		return new OAuth2AuthorizedClient(REGISTRATION, "principal", new OAuth2AccessToken(
				OAuth2AccessToken.TokenType.BEARER, token, Instant.now(), Instant.now().plusSeconds(600)));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnResponseClientConfiguration {

		final AtomicInteger calls = new AtomicInteger();

		@Bean
		OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> ownResponseClient() {
			return (request) -> OAuth2AccessTokenResponse.withToken("own-token-" + this.calls.incrementAndGet())
				.tokenType(OAuth2AccessToken.TokenType.BEARER)
				.expiresIn(3600)
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RefreshTokenResponseClientConfiguration {

		@Bean
		OAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest> refreshTokenResponseClient() {
			return (request) -> {
				throw new UnsupportedOperationException();
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AuthorizedClientServiceConfiguration {

		@Bean
		OAuth2AuthorizedClientService authorizedClientService() {
			return new InMemoryOAuth2AuthorizedClientService(new InMemoryClientRegistrationRepository(REGISTRATION));
		}

	}

}
