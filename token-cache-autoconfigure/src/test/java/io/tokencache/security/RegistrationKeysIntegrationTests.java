package io.tokencache.security;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.tokencache.autoconfigure.TokenCacheAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.InMemoryReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys against a real token endpoint: two registrations whose ids and client ids joined into
 * one key before get a token each, and a secret rotated in a registration repository that
 * refreshes its registrations gets a new token, requested with the new secret, while Spring
 * Security's own manager asks for the registration's token on behalf of a new principal.
 */
@Timeout(60)
class RegistrationKeysIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TokenCacheAutoConfiguration.class, TokenCacheOAuth2ClientAutoConfiguration.class));

	private ScriptedTokenEndpoint endpoint;

	@BeforeEach
	void start() throws Exception {
		this.endpoint = new ScriptedTokenEndpoint((n) -> ScriptedTokenEndpoint.token("token-" + n, 3600));
	}

	@AfterEach
	void stop() {
		this.endpoint.close();
	}

	@Test
	void servletRegistrationsThatOnceCollidedGetATokenEach() {
		this.runner.run((context) -> assertNoCollision(context, TokenLifetimeIntegrationTests::servlet));
	}

	@Test
	void reactiveRegistrationsThatOnceCollidedGetATokenEach() {
		this.runner.run((context) -> assertNoCollision(context, TokenLifetimeIntegrationTests::reactive));
	}

	@Test
	void servletRotatedSecretGetsANewToken() {
		ClientRegistration before = this.endpoint.registration("rotating").build();
		RotatingRegistrations registrations = new RotatingRegistrations(before);
		this.runner.run((context) -> {
			AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
					registrations, new InMemoryOAuth2AuthorizedClientService(registrations));
			OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> client = context
				.<OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest>>getBeanProvider(
						TokenLifetimeIntegrationTests.SERVLET_CLIENT)
				.getObject();
			manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
				.clientCredentials((credentials) -> credentials.accessTokenResponseClient(client))
				.build());
			assertThat(token(manager, "first")).isEqualTo("token-1");
			assertThat(token(manager, "second")).isEqualTo("token-1");
			registrations.rotate(ClientRegistration.withClientRegistration(before).clientSecret("rotated").build());
			assertThat(token(manager, "third")).isEqualTo("token-2");
			assertThat(this.endpoint.lastClient()).isEqualTo("rotating-client:rotated");
			assertThat(token(manager, "fourth")).isEqualTo("token-2");
			assertThat(this.endpoint.requests()).isEqualTo(2);
		});
	}

	@Test
	void reactiveRotatedSecretGetsANewToken() {
		ClientRegistration before = this.endpoint.registration("rotating").build();
		RotatingRegistrations registrations = new RotatingRegistrations(before);
		ReactiveClientRegistrationRepository reactive = registrations.reactive();
		this.runner.run((context) -> {
			AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager(
					reactive, new InMemoryReactiveOAuth2AuthorizedClientService(reactive));
			ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> client = context
				.<ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest>>getBeanProvider(
						TokenLifetimeIntegrationTests.REACTIVE_CLIENT)
				.getObject();
			manager.setAuthorizedClientProvider(ReactiveOAuth2AuthorizedClientProviderBuilder.builder()
				.clientCredentials((credentials) -> credentials.accessTokenResponseClient(client))
				.build());
			assertThat(token(manager, "first")).isEqualTo("token-1");
			assertThat(token(manager, "second")).isEqualTo("token-1");
			registrations.rotate(ClientRegistration.withClientRegistration(before).clientSecret("rotated").build());
			assertThat(token(manager, "third")).isEqualTo("token-2");
			assertThat(this.endpoint.lastClient()).isEqualTo("rotating-client:rotated");
			assertThat(this.endpoint.requests()).isEqualTo(2);
		});
	}

	private void assertNoCollision(AssertableApplicationContext context, RetryAfterIntegrationTests.Client client) {
		ClientRegistration a = this.endpoint.registration("a").clientId("b:c").build();
		ClientRegistration ab = this.endpoint.registration("a:b").clientId("c").build();
		assertThat(client.apply(context, a).getAccessToken().getTokenValue()).isEqualTo("token-1");
		assertThat(client.apply(context, ab).getAccessToken().getTokenValue()).isEqualTo("token-2");
		assertThat(client.apply(context, a).getAccessToken().getTokenValue()).isEqualTo("token-1");
		assertThat(client.apply(context, ab).getAccessToken().getTokenValue()).isEqualTo("token-2");
		assertThat(this.endpoint.requests()).isEqualTo(2);
	}

	private static String token(AuthorizedClientServiceOAuth2AuthorizedClientManager manager, String principal) {
		return manager.authorize(request(principal)).getAccessToken().getTokenValue();
	}

	private static String token(AuthorizedClientServiceReactiveOAuth2AuthorizedClientManager manager,
			String principal) {
		return manager.authorize(request(principal)).block(Duration.ofSeconds(30)).getAccessToken().getTokenValue();
	}

	private static OAuth2AuthorizeRequest request(String principal) {
		return OAuth2AuthorizeRequest.withClientRegistrationId("rotating")
			.principal(new TestingAuthenticationToken(principal, null))
			.build();
	}

	/** A repository that refreshes its one registration, as one backed by a secret store does. */
	static final class RotatingRegistrations implements ClientRegistrationRepository {

		private final AtomicReference<ClientRegistration> current;

		RotatingRegistrations(ClientRegistration registration) {
			this.current = new AtomicReference<>(registration);
		}

		void rotate(ClientRegistration registration) {
			this.current.set(registration);
		}

		@Override
		public ClientRegistration findByRegistrationId(String registrationId) {
			ClientRegistration registration = this.current.get();
			return registration.getRegistrationId().equals(registrationId) ? registration : null;
		}

		ReactiveClientRegistrationRepository reactive() {
			return (registrationId) -> Mono.justOrEmpty(findByRegistrationId(registrationId));
		}

	}

}
