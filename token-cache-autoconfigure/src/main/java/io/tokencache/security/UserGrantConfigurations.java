package io.tokencache.security;

import java.time.Duration;

import io.tokencache.autoconfigure.redis.TokenCacheRedisProperties;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.security.oauth2.client.endpoint.AbstractOAuth2AuthorizationGrantRequest;
import org.springframework.security.oauth2.client.endpoint.AbstractRestClientOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.AbstractWebClientReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.JwtBearerGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientJwtBearerTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientTokenExchangeTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.TokenExchangeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveJwtBearerTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveTokenExchangeTokenResponseClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The starter's response clients of the per-user grants, imported by
 * {@link TokenCacheOAuth2ClientAutoConfiguration}.
 * <p>
 * Publishing a response client of a grant is what turns the grant on in Spring Security's
 * default authorized client manager (and sets it on the application's own provider of the
 * grant). So the token exchange and JWT bearer clients are published only when a registration
 * configured with properties uses that grant: the registration states that the application
 * means to use it, and with no provider the registration could not be authorized at all. An
 * application whose registrations say nothing of the grant keeps Spring Security's set of
 * providers as it was. The refresh-token provider is always on in Spring Security, so its
 * client is always published. A response client bean of the application's own is decorated
 * instead (see {@link TokenCachingBeanPostProcessor}).
 * <p>
 * The token exchange and JWT bearer loads hold the Redis tier's lock like client-credentials
 * loads, so their clients check its lease against the request timeout (see
 * {@link TokenRequests#timeout}); refreshes never go through the cache or its lock.
 */
final class UserGrantConfigurations {

	private UserGrantConfigurations() {
	}

	/** Spring Boot's choice of HTTP library, as for the client-credentials client. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ClientHttpRequestFactoryBuilder.class)
	static class BootServletRequests {

		@Bean
		StarterTokenRequests.Servlet tokenCacheUserTokenRequests(TokenCacheOAuth2ClientProperties properties,
				ObjectProvider<ClientHttpRequestFactoryBuilder<?>> builder, ObjectProvider<HttpClientSettings> settings,
				ResourceLoader resourceLoader) {
			Duration timeout = properties.getRequestTimeout();
			return new StarterTokenRequests.Servlet(builder
				.getIfAvailable(() -> ClientHttpRequestFactoryBuilder.detect(resourceLoader.getClassLoader()))
				.build(settings.getIfAvailable(HttpClientSettings::defaults).withTimeouts(timeout, timeout)),
					TokenRequests.retryAfters(properties));
		}

	}

	/** The JDK's client, without Spring Boot's HTTP client module. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder")
	static class JdkServletRequests {

		@Bean
		StarterTokenRequests.Servlet tokenCacheUserTokenRequests(TokenCacheOAuth2ClientProperties properties) {
			return new StarterTokenRequests.Servlet(
					TokenRequests.jdk(properties.getRequestTimeout()),
					TokenRequests.retryAfters(properties));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ServletClients {

		@Bean
		@ConditionalOnMissingBean
		OAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest> tokenCacheRefreshTokenResponseClient(
				OAuth2ClientTokens tokens, StarterTokenRequests.Servlet requests) {
			return new CachingRefreshTokenResponseClient(tokens.refreshes(),
					TokenRequests.servlet(new RestClientRefreshTokenTokenResponseClient(), requests.factory(), requests.retryAfters()), null);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnRegistrationGrant("urn:ietf:params:oauth:grant-type:token-exchange")
		OAuth2AccessTokenResponseClient<TokenExchangeGrantRequest> tokenCacheTokenExchangeTokenResponseClient(
				OAuth2ClientTokens tokens, TokenCacheOAuth2ClientProperties properties,
				ObjectProvider<TokenCacheRedisProperties> redis, StarterTokenRequests.Servlet requests) {
			return delegated(AuthorizationGrantType.TOKEN_EXCHANGE, new RestClientTokenExchangeTokenResponseClient(),
					tokens, properties, redis, requests);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnRegistrationGrant("urn:ietf:params:oauth:grant-type:jwt-bearer")
		OAuth2AccessTokenResponseClient<JwtBearerGrantRequest> tokenCacheJwtBearerTokenResponseClient(
				OAuth2ClientTokens tokens, TokenCacheOAuth2ClientProperties properties,
				ObjectProvider<TokenCacheRedisProperties> redis, StarterTokenRequests.Servlet requests) {
			return delegated(AuthorizationGrantType.JWT_BEARER, new RestClientJwtBearerTokenResponseClient(), tokens,
					properties, redis, requests);
		}

		/** A delegated grant's client; its loads hold the tier's lock, so the lease is checked first. */
		private static <T extends AbstractOAuth2AuthorizationGrantRequest> OAuth2AccessTokenResponseClient<T> delegated(
				AuthorizationGrantType grant, AbstractRestClientOAuth2AccessTokenResponseClient<T> client,
				OAuth2ClientTokens tokens, TokenCacheOAuth2ClientProperties properties,
				ObjectProvider<TokenCacheRedisProperties> redis, StarterTokenRequests.Servlet requests) {
			TokenRequests.timeout(properties, redis.getIfAvailable());
			return new CachingDelegatedTokenResponseClient<>(tokens.delegated(), grant,
					TokenRequests.servlet(client, requests.factory(), requests.retryAfters()), null);
		}

	}

	/** Spring Boot's choice of connector, as for the client-credentials client. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Mono.class, WebClient.class, ClientHttpConnectorBuilder.class })
	static class BootReactiveRequests {

		@Bean
		StarterTokenRequests.Reactive tokenCacheReactiveUserTokenRequests(TokenCacheOAuth2ClientProperties properties,
				ObjectProvider<ClientHttpConnectorBuilder<?>> builder,
				ObjectProvider<HttpClientSettings> settings, ResourceLoader resourceLoader) {
			return new StarterTokenRequests.Reactive(WebClient.builder()
				.clientConnector(builder
					.getIfAvailable(() -> ClientHttpConnectorBuilder.detect(resourceLoader.getClassLoader()))
					.build(settings.getIfAvailable(HttpClientSettings::defaults).withTimeouts(null, null)))
				.build(), properties.getRequestTimeout(), TokenRequests.retryAfters(properties));
		}

	}

	/** {@code WebClient}'s own connector, without Spring Boot's HTTP client module. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Mono.class, WebClient.class })
	@ConditionalOnMissingClass("org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder")
	static class DefaultReactiveRequests {

		@Bean
		StarterTokenRequests.Reactive tokenCacheReactiveUserTokenRequests(TokenCacheOAuth2ClientProperties properties) {
			return new StarterTokenRequests.Reactive(WebClient.create(), properties.getRequestTimeout(),
					TokenRequests.retryAfters(properties));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Mono.class, WebClient.class })
	static class ReactiveClients {

		@Bean
		@ConditionalOnMissingBean
		ReactiveOAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest> tokenCacheReactiveRefreshTokenResponseClient(
				OAuth2ClientTokens tokens, StarterTokenRequests.Reactive requests) {
			return new CachingReactiveRefreshTokenResponseClient(tokens.refreshes(), TokenRequests.reactive(
					new WebClientReactiveRefreshTokenTokenResponseClient(), requests.webClient(), requests.timeout(), requests.retryAfters()));
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnRegistrationGrant("urn:ietf:params:oauth:grant-type:token-exchange")
		ReactiveOAuth2AccessTokenResponseClient<TokenExchangeGrantRequest> tokenCacheReactiveTokenExchangeTokenResponseClient(
				OAuth2ClientTokens tokens, TokenCacheOAuth2ClientProperties properties,
				ObjectProvider<TokenCacheRedisProperties> redis, StarterTokenRequests.Reactive requests) {
			return delegated(AuthorizationGrantType.TOKEN_EXCHANGE, new WebClientReactiveTokenExchangeTokenResponseClient(),
					tokens, properties, redis, requests);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnRegistrationGrant("urn:ietf:params:oauth:grant-type:jwt-bearer")
		ReactiveOAuth2AccessTokenResponseClient<JwtBearerGrantRequest> tokenCacheReactiveJwtBearerTokenResponseClient(
				OAuth2ClientTokens tokens, TokenCacheOAuth2ClientProperties properties,
				ObjectProvider<TokenCacheRedisProperties> redis, StarterTokenRequests.Reactive requests) {
			return delegated(AuthorizationGrantType.JWT_BEARER, new WebClientReactiveJwtBearerTokenResponseClient(),
					tokens, properties, redis, requests);
		}

		/** A delegated grant's client; its loads hold the tier's lock, so the lease is checked first. */
		private static <T extends AbstractOAuth2AuthorizationGrantRequest> ReactiveOAuth2AccessTokenResponseClient<T> delegated(
				AuthorizationGrantType grant, AbstractWebClientReactiveOAuth2AccessTokenResponseClient<T> client,
				OAuth2ClientTokens tokens, TokenCacheOAuth2ClientProperties properties,
				ObjectProvider<TokenCacheRedisProperties> redis, StarterTokenRequests.Reactive requests) {
			TokenRequests.timeout(properties, redis.getIfAvailable());
			return new CachingReactiveDelegatedTokenResponseClient<>(tokens.delegated(), grant,
					TokenRequests.reactive(client, requests.webClient(), requests.timeout(), requests.retryAfters()),
					tokens.clientCredentials().callerContext());
		}

	}

}
