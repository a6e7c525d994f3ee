package io.tokencache.security;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

import io.tokencache.autoconfigure.redis.RedisTierConfigurationException;
import io.tokencache.autoconfigure.redis.TokenCacheRedisProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.endpoint.AbstractOAuth2AuthorizationGrantRequest;
import org.springframework.security.oauth2.client.endpoint.AbstractRestClientOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.AbstractWebClientReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The token requests that the starter's own response clients make, bounded by
 * {@code token-cache.oauth2-client.request-timeout}.
 * <p>
 * Spring Security's default clients set no timeout, and the cache does not cancel a load: its
 * load timeout releases the callers, but a request that never returns keeps the key's load
 * running, so every later caller of the key joins it and waits out the load timeout again. With
 * a bound, the request fails instead, the key backs off, and the next load starts afresh. Only
 * the clients the starter creates get it; a response client the application defines keeps its
 * own HTTP settings.
 */
final class TokenRequests {

	private TokenRequests() {
	}

	/**
	 * Returns {@code token-cache.oauth2-client.request-timeout}, once it is known to fit the
	 * Redis tier's lock lease, if the tier is on.
	 * <p>
	 * Invariant: a load of one of the starter's own clients ends before the tier's lock lease
	 * lapses, since a lapsed lease lets another instance request a token too, silently. The
	 * request timeout is the only bound on that load ({@code load-timeout} releases callers
	 * without cancelling it): a request may take it to connect and as long again to answer, and
	 * the Redis read and write {@code token-cache.redis.timeout} each, so the lease must be longer
	 * than twice each. Start-up fails rather than warns, because a warning is easily missed. A
	 * response client of the application's own is not checked: its loads are the application's to
	 * fit into the lease. The arithmetic is in docs/redis-tier.md, "The lease against the load".
	 * @param properties the OAuth2 client bridge's properties
	 * @param redis the Redis tier's properties, or {@code null} if the tier is off
	 * @throws RedisTierConfigurationException if a load may outlast the lease
	 */
	static RetryAfters retryAfters(TokenCacheOAuth2ClientProperties properties) {
		return new RetryAfters(properties.getMaxRetryAfter(), Clock.systemUTC());
	}

	static Duration timeout(TokenCacheOAuth2ClientProperties properties, @Nullable TokenCacheRedisProperties redis) {
		Duration timeout = properties.getRequestTimeout();
		if (redis != null) {
			Duration longestLoad = timeout.plus(timeout).plus(redis.getTimeout()).plus(redis.getTimeout());
			if (redis.getLockLease().compareTo(longestLoad) <= 0) {
				throw RedisTierConfigurationException.leaseNotLongerThanTokenLoad(timeout, redis, longestLoad);
			}
		}
		return timeout;
	}

	/**
	 * Spring Security's {@code RestClientClientCredentialsTokenResponseClient} as it builds
	 * itself (its converters and its error handler), on the given request factory, with
	 * {@code Retry-After} read before Spring Security's error handler sees the answer.
	 * @param requests a factory with the request timeout as its connect and read timeouts
	 * @param retryAfters reads {@code Retry-After}
	 */
	static RestClientClientCredentialsTokenResponseClient servlet(ClientHttpRequestFactory requests,
			RetryAfters retryAfters) {
		return servlet(new RestClientClientCredentialsTokenResponseClient(), requests, retryAfters);
	}

	/**
	 * One of Spring Security's {@code RestClient} response clients, built as above.
	 * @param client a new response client of the grant
	 * @param requests a factory with the request timeout as its connect and read timeouts
	 * @param retryAfters reads {@code Retry-After}
	 */
	static <C extends AbstractRestClientOAuth2AccessTokenResponseClient<?>> C servlet(C client,
			ClientHttpRequestFactory requests, RetryAfters retryAfters) {
		RestClient restClient = RestClient.builder()
			.requestFactory(requests)
			.requestInterceptor(retryAfters.interceptor())
			.configureMessageConverters((converters) -> converters.addCustomConverter(new FormHttpMessageConverter())
				.addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
			.defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
			.build();
		client.setRestClient(restClient);
		return client;
	}

	/**
	 * Closes what the starter built a response client on, if it holds anything to close (the
	 * JDK's request factory does not).
	 * @param requests a request factory, or {@code null} for a client of the application's
	 */
	static void close(@Nullable Object requests) throws Exception {
		if (requests instanceof DisposableBean disposable) {
			disposable.destroy();
		}
		else if (requests instanceof AutoCloseable closeable) {
			closeable.close();
		}
	}

	/**
	 * The JDK's {@code HttpClient} with a connect and a read timeout, for an application without
	 * Spring Boot's {@code spring-boot-http-client} module, which would otherwise choose the
	 * HTTP library. The JDK's read timeout runs from the start of the exchange, connecting
	 * included.
	 */
	static ClientHttpRequestFactory jdk(Duration timeout) {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(timeout).build());
		requests.setReadTimeout(timeout);
		return requests;
	}

	/**
	 * Spring Security's {@code WebClientReactiveClientCredentialsTokenResponseClient} on the
	 * given {@code WebClient}, each request of which fails with a {@code TimeoutException} once
	 * it has taken the timeout, connecting included.
	 * @param webClient a {@code WebClient} whose connector has no timeouts of its own, so that
	 * this one is the only one that ends a request
	 * @param retryAfters reads {@code Retry-After} before Spring Security sees the answer
	 */
	static ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> reactive(WebClient webClient,
			Duration timeout, RetryAfters retryAfters) {
		return reactive(new WebClientReactiveClientCredentialsTokenResponseClient(), webClient, timeout, retryAfters);
	}

	/**
	 * One of Spring Security's {@code WebClient} response clients, bounded and reading
	 * {@code Retry-After} as above.
	 * @param client a new response client of the grant
	 */
	static <T extends AbstractOAuth2AuthorizationGrantRequest> ReactiveOAuth2AccessTokenResponseClient<T> reactive(
			AbstractWebClientReactiveOAuth2AccessTokenResponseClient<T> client, WebClient webClient, Duration timeout,
			RetryAfters retryAfters) {
		client.setWebClient(webClient.mutate().filter(retryAfters.filter()).build());
		return (grantRequest) -> client.getTokenResponse(grantRequest).timeout(timeout);
	}

}
