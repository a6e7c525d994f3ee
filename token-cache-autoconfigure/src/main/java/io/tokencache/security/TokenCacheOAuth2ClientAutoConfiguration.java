package io.tokencache.security;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.micrometer.observation.ObservationRegistry;
import io.tokencache.TokenCache;
import io.tokencache.autoconfigure.TokenCacheAutoConfiguration;
import io.tokencache.autoconfigure.TokenCacheProperties;
import io.tokencache.autoconfigure.redis.TokenCacheRedisProperties;
import io.tokencache.security.TokenCachingBeanPostProcessor.Decoration;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.JwtBearerGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.TokenExchangeGrantRequest;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@link AutoConfiguration Auto-configuration} that caches the client-credentials tokens of
 * Spring Security's OAuth2 client in the application's {@link TokenCache}.
 * <p>
 * It contributes a caching {@link OAuth2AccessTokenResponseClient} (and, with WebFlux, a
 * {@link ReactiveOAuth2AccessTokenResponseClient}) for the client-credentials grant, which
 * Spring Security's {@code OAuth2AuthorizedClientManagerRegistrar} gives to the default
 * authorized client manager; Spring's own {@code RestClient} and {@code WebClient} response
 * clients make the requests, on the HTTP library the application uses, each bounded by
 * {@code token-cache.oauth2-client.request-timeout} (see {@link TokenRequests}). If the
 * application defines its own response client, that bean is decorated instead, so its requests
 * are cached too. The application's authorized-client
 * services and repositories are decorated so that removing a rejected client also evicts its
 * token.
 * <p>
 * The tokens go into the application's single (or primary) {@code TokenCache}, so that they
 * appear in {@code /actuator/tokencache} and its meters, under keys that start with
 * {@code oauth2-client:} (see {@link RegistrationKeys} for their format). {@code token-cache.oauth2-client.enabled=false} restores Spring
 * Security's own behaviour.
 */
@AutoConfiguration(after = TokenCacheAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(OAuth2AccessTokenResponseClient.class)
@ConditionalOnBooleanProperty(name = "token-cache.oauth2-client.enabled", matchIfMissing = true)
@ConditionalOnSingleCandidate(TokenCache.class)
@EnableConfigurationProperties(TokenCacheOAuth2ClientProperties.class)
@Import({ UserGrantConfigurations.BootServletRequests.class, UserGrantConfigurations.JdkServletRequests.class,
		UserGrantConfigurations.ServletClients.class, UserGrantConfigurations.BootReactiveRequests.class,
		UserGrantConfigurations.DefaultReactiveRequests.class, UserGrantConfigurations.ReactiveClients.class })
public final class TokenCacheOAuth2ClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RegistrationKeys tokenCacheRegistrationKeys(TokenCacheOAuth2ClientProperties properties,
			ObjectProvider<TokenCacheRedisProperties> redis) {
		return new RegistrationKeys(FingerprintKeys.choose(properties, redis.getIfAvailable()));
	}

	@Bean
	ClientCredentialsTokens tokenCacheClientCredentialsTokens(TokenCache tokenCache, RegistrationKeys keys,
			TokenCacheOAuth2ClientProperties properties, ObjectProvider<CallerContext> callerContext) {
		return new ClientCredentialsTokens(tokenCache, keys, new TokenLifetimes(properties, Clock.systemUTC()),
				Clock.systemUTC(), callerContext.getIfAvailable(() -> CallerContext.NONE));
	}

	/**
	 * Carries the caller's observation to the reactive client's loads, so that each is a child
	 * span of the request that caused it (see {@link ObservationCallerContext}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ObservationRegistry.class, Mono.class })
	@ConditionalOnBean(ObservationRegistry.class)
	static class ObservationConfiguration {

		@Bean
		CallerContext tokenCacheReactiveCallerContext(ObservationRegistry registry) {
			return new ObservationCallerContext(registry);
		}

	}

	@Bean
	DelegatedTokens tokenCacheDelegatedTokens(TokenCache tokenCache, RegistrationKeys keys,
			TokenCacheOAuth2ClientProperties properties) {
		return new DelegatedTokens(tokenCache, keys, new TokenLifetimes(properties, Clock.systemUTC()),
				Clock.systemUTC());
	}

	@Bean
	RefreshTokens tokenCacheRefreshTokens(TokenCache tokenCache, RegistrationKeys keys,
			ObjectProvider<TokenCacheProperties> cacheProperties) {
		long maximumSize = cacheProperties.getIfAvailable(TokenCacheProperties::new).getMaximumSize();
		return new RefreshTokens(keys, Clock.systemUTC(), tokenCache.loadTimeout(), maximumSize);
	}

	@Bean
	OAuth2ClientTokens tokenCacheOAuth2ClientTokens(ClientCredentialsTokens clientCredentials,
			DelegatedTokens delegated, RefreshTokens refreshes) {
		return new OAuth2ClientTokens(clientCredentials, delegated, refreshes);
	}

	@Bean
	static TokenCachingBeanPostProcessor tokenCacheOAuth2ClientBeanPostProcessor(
			ObjectProvider<OAuth2ClientTokens> tokens) {
		return new TokenCachingBeanPostProcessor(tokens, List.of(
				Decoration.<OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest>>of(
						responseClient(OAuth2AccessTokenResponseClient.class, OAuth2ClientCredentialsGrantRequest.class),
						CachingClientCredentialsTokenResponseClient.class,
						(client, t) -> new CachingClientCredentialsTokenResponseClient(t.clientCredentials(), client)),
				Decoration.<OAuth2AccessTokenResponseClient<TokenExchangeGrantRequest>>of(
						responseClient(OAuth2AccessTokenResponseClient.class, TokenExchangeGrantRequest.class),
						CachingDelegatedTokenResponseClient.class,
						(client, t) -> new CachingDelegatedTokenResponseClient<>(t.delegated(),
								AuthorizationGrantType.TOKEN_EXCHANGE, client, null)),
				Decoration.<OAuth2AccessTokenResponseClient<JwtBearerGrantRequest>>of(
						responseClient(OAuth2AccessTokenResponseClient.class, JwtBearerGrantRequest.class),
						CachingDelegatedTokenResponseClient.class,
						(client, t) -> new CachingDelegatedTokenResponseClient<>(t.delegated(),
								AuthorizationGrantType.JWT_BEARER, client, null)),
				Decoration.<OAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest>>of(
						responseClient(OAuth2AccessTokenResponseClient.class, OAuth2RefreshTokenGrantRequest.class),
						CachingRefreshTokenResponseClient.class,
						(client, t) -> new CachingRefreshTokenResponseClient(t.refreshes(), client, null)),
				Decoration.of(OAuth2AuthorizedClientService.class, InvalidatingAuthorizedClientService.class,
						InvalidatingAuthorizedClientService::new)));
	}

	/** A response client type of one grant, whose generic tells the grants' beans apart. */
	static ResolvableType responseClient(Class<?> clientType, Class<?> grantRequest) {
		return ResolvableType.forClassWithGenerics(clientType, grantRequest);
	}

	/**
	 * The servlet response client on the HTTP library that Spring Boot chooses for the
	 * application's own clients: Boot's {@code ClientHttpRequestFactoryBuilder} bean when there is
	 * one (it follows {@code spring.http.clients.imperative.factory} and the application's
	 * builder customizers), else Boot's detection (Apache HttpClient 5, Jetty, Reactor Netty, the
	 * JDK, in that order), with Boot's {@code HttpClientSettings} (SSL bundle, redirects). The
	 * request timeout replaces the settings' connect and read timeouts: it is the one meant for
	 * token requests. Apache HttpClient's own retries are turned off ({@link ApacheRetries}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ClientHttpRequestFactoryBuilder.class)
	static class BootHttpClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> tokenCacheClientCredentialsTokenResponseClient(
				ClientCredentialsTokens tokens, TokenCacheOAuth2ClientProperties properties,
				ObjectProvider<TokenCacheRedisProperties> redis,
				ObjectProvider<ClientHttpRequestFactoryBuilder<?>> builder, ObjectProvider<HttpClientSettings> settings,
				ResourceLoader resourceLoader) {
			Duration timeout = TokenRequests.timeout(properties, redis.getIfAvailable());
			ClassLoader classLoader = resourceLoader.getClassLoader();
			ClientHttpRequestFactory requests = ApacheRetries
				.off(builder.getIfAvailable(() -> ClientHttpRequestFactoryBuilder.detect(classLoader)), classLoader)
				.build(settings.getIfAvailable(HttpClientSettings::defaults).withTimeouts(timeout, timeout));
			return new CachingClientCredentialsTokenResponseClient(tokens,
					TokenRequests.servlet(requests, TokenRequests.retryAfters(properties)), requests);
		}

	}

	/**
	 * Without Boot's HTTP client module there is no library choice to follow: the JDK's client,
	 * which every Java 17 runtime has.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder")
	static class JdkHttpClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> tokenCacheClientCredentialsTokenResponseClient(
				ClientCredentialsTokens tokens, TokenCacheOAuth2ClientProperties properties,
				ObjectProvider<TokenCacheRedisProperties> redis) {
			Duration timeout = TokenRequests.timeout(properties, redis.getIfAvailable());
			return new CachingClientCredentialsTokenResponseClient(tokens,
					TokenRequests.servlet(TokenRequests.jdk(timeout), TokenRequests.retryAfters(properties)));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "jakarta.servlet.http.HttpServletRequest")
	static class ServletRepositoryConfiguration {

		@Bean
		static TokenCachingBeanPostProcessor tokenCacheOAuth2ClientRepositoryBeanPostProcessor(
				ObjectProvider<OAuth2ClientTokens> tokens) {
			return new TokenCachingBeanPostProcessor(tokens,
					List.of(Decoration.of(OAuth2AuthorizedClientRepository.class,
							InvalidatingAuthorizedClientRepository.class, InvalidatingAuthorizedClientRepository::new)));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Mono.class, WebClient.class })
	static class ReactiveConfiguration {

		@Bean
		static TokenCachingBeanPostProcessor tokenCacheReactiveOAuth2ClientBeanPostProcessor(
				ObjectProvider<OAuth2ClientTokens> tokens) {
			return new TokenCachingBeanPostProcessor(tokens, List.of(
					Decoration.<ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest>>of(
							responseClient(ReactiveOAuth2AccessTokenResponseClient.class,
									OAuth2ClientCredentialsGrantRequest.class),
							CachingReactiveClientCredentialsTokenResponseClient.class,
							(client, t) -> new CachingReactiveClientCredentialsTokenResponseClient(t.clientCredentials(),
									client)),
					Decoration.<ReactiveOAuth2AccessTokenResponseClient<TokenExchangeGrantRequest>>of(
							responseClient(ReactiveOAuth2AccessTokenResponseClient.class, TokenExchangeGrantRequest.class),
							CachingReactiveDelegatedTokenResponseClient.class,
							(client, t) -> new CachingReactiveDelegatedTokenResponseClient<>(t.delegated(),
									AuthorizationGrantType.TOKEN_EXCHANGE, client, t.clientCredentials().callerContext())),
					Decoration.<ReactiveOAuth2AccessTokenResponseClient<JwtBearerGrantRequest>>of(
							responseClient(ReactiveOAuth2AccessTokenResponseClient.class, JwtBearerGrantRequest.class),
							CachingReactiveDelegatedTokenResponseClient.class,
							(client, t) -> new CachingReactiveDelegatedTokenResponseClient<>(t.delegated(),
									AuthorizationGrantType.JWT_BEARER, client, t.clientCredentials().callerContext())),
					Decoration.<ReactiveOAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest>>of(
							responseClient(ReactiveOAuth2AccessTokenResponseClient.class,
									OAuth2RefreshTokenGrantRequest.class),
							CachingReactiveRefreshTokenResponseClient.class,
							(client, t) -> new CachingReactiveRefreshTokenResponseClient(t.refreshes(), client)),
					Decoration.of(ReactiveOAuth2AuthorizedClientService.class,
							InvalidatingReactiveAuthorizedClientService.class,
							InvalidatingReactiveAuthorizedClientService::new),
					Decoration.of(ServerOAuth2AuthorizedClientRepository.class,
							InvalidatingServerAuthorizedClientRepository.class,
							InvalidatingServerAuthorizedClientRepository::new)));
		}

		/**
		 * The reactive response client on the connector that Spring Boot chooses for the
		 * application's own {@code WebClient}s: Boot's {@code ClientHttpConnectorBuilder} bean
		 * when there is one ({@code spring.http.clients.reactive.connector}, the application's
		 * customizers, Boot's shared Reactor Netty resources), else Boot's detection, with Boot's
		 * {@code HttpClientSettings}. The settings' timeouts are dropped: the request timeout
		 * bounds the whole exchange, and a connector timeout could only end it at the same time
		 * or later, with another exception.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(ClientHttpConnectorBuilder.class)
		static class BootConnectorConfiguration {

			@Bean
			@ConditionalOnMissingBean
			ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> tokenCacheReactiveClientCredentialsTokenResponseClient(
					ClientCredentialsTokens tokens, TokenCacheOAuth2ClientProperties properties,
					ObjectProvider<TokenCacheRedisProperties> redis,
					ObjectProvider<ClientHttpConnectorBuilder<?>> builder, ObjectProvider<HttpClientSettings> settings,
					ResourceLoader resourceLoader) {
				Duration timeout = TokenRequests.timeout(properties, redis.getIfAvailable());
				ClientHttpConnector connector = builder
					.getIfAvailable(() -> ClientHttpConnectorBuilder.detect(resourceLoader.getClassLoader()))
					.build(settings.getIfAvailable(HttpClientSettings::defaults).withTimeouts(null, null));
				return new CachingReactiveClientCredentialsTokenResponseClient(tokens,
						TokenRequests.reactive(WebClient.builder().clientConnector(connector).build(), timeout,
								TokenRequests.retryAfters(properties)));
			}

		}

		/** Without Boot's HTTP client module, {@code WebClient}'s own choice of connector. */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnMissingClass("org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder")
		static class DefaultConnectorConfiguration {

			@Bean
			@ConditionalOnMissingBean
			ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> tokenCacheReactiveClientCredentialsTokenResponseClient(
					ClientCredentialsTokens tokens, TokenCacheOAuth2ClientProperties properties,
					ObjectProvider<TokenCacheRedisProperties> redis) {
				return new CachingReactiveClientCredentialsTokenResponseClient(tokens,
						TokenRequests.reactive(WebClient.create(), TokenRequests.timeout(properties, redis.getIfAvailable()),
								TokenRequests.retryAfters(properties)));
			}

		}

	}

}
