package io.tokencache.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import io.netty.handler.timeout.ReadTimeoutException;
import io.tokencache.autoconfigure.TokenCacheAutoConfiguration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The starter's own token clients against a real token endpoint that accepts the request and
 * never answers. The cache's load timeout is a minute, so only the request timeout (2 s here)
 * can end the call: each test checks that the call gave up between 1.5 s and {@link #GIVEN_UP_BY}
 * after the endpoint received the request, which a read timeout of one second, the load timeout
 * or a hung call would all miss. The 30 s limit only stops a hung call.
 * <p>
 * Both clients run on the HTTP library Spring Boot would choose for the application. Which
 * library made the request is read where it cannot be faked, in the {@code User-Agent} header
 * the endpoint received. The servlet client's failure must be that library's own timeout; the
 * reactive client's, the request timeout's {@code TimeoutException}.
 */
class TokenRequestTimeoutTests {

	private static final ResolvableType SERVLET_CLIENT = ResolvableType
		.forClassWithGenerics(OAuth2AccessTokenResponseClient.class, OAuth2ClientCredentialsGrantRequest.class);

	private static final ResolvableType REACTIVE_CLIENT = ResolvableType
		.forClassWithGenerics(ReactiveOAuth2AccessTokenResponseClient.class, OAuth2ClientCredentialsGrantRequest.class);

	private static final Duration LIMIT = Duration.ofSeconds(30);

	/** The request timeout plus a margin for a loaded machine. */
	private static final Duration GIVEN_UP_BY = Duration.ofSeconds(6);

	private static final String JDK = "Java-http-client/";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(TokenCacheAutoConfiguration.class, TokenCacheOAuth2ClientAutoConfiguration.class))
		.withPropertyValues("token-cache.load-timeout=1m", "token-cache.oauth2-client.request-timeout=2s");

	private final CountDownLatch received = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	private final AtomicReference<String> userAgent = new AtomicReference<>();

	private final AtomicLong receivedAt = new AtomicLong();

	private HttpServer server;

	@BeforeEach
	void startHungTokenEndpoint() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/oauth2/token", (exchange) -> {
			this.userAgent.set(exchange.getRequestHeaders().getFirst("User-Agent"));
			this.receivedAt.set(System.nanoTime());
			this.received.countDown();
			try {
				this.release.await(2, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.sendResponseHeaders(503, -1);
			exchange.close();
		});
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.release.countDown();
		this.server.stop(0);
	}

	@Test
	void servletClientUsesApacheHttpClientWhenPresentAndGivesUp() {
		this.runner.run((context) -> assertServletClientGivesUp(context, "Apache-HttpClient/",
				SocketTimeoutException.class));
	}

	/**
	 * Apache's connection pool, which the starter built for its client, is shut down with the
	 * context: a request on it afterwards fails at once. Left open, the request would reach the
	 * endpoint and wait out the request timeout.
	 */
	@Test
	void servletClientsConnectionPoolClosesWithTheContext() {
		AtomicReference<Object> requests = new AtomicReference<>();
		this.runner.run((context) -> requests.set(
				((CachingClientCredentialsTokenResponseClient) context.getBeanProvider(SERVLET_CLIENT).getObject())
					.requests()));
		assertThat(requests.get()).isInstanceOf(HttpComponentsClientHttpRequestFactory.class);
		ClientHttpRequestFactory factory = (ClientHttpRequestFactory) requests.get();
		Throwable failure = assertTimeoutPreemptively(LIMIT,
				() -> catchThrowable(() -> factory.createRequest(tokenUri(), HttpMethod.POST).execute()));
		assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessageContaining("shut down");
		assertThat(this.received.getCount()).isOne();
	}

	@Test
	void servletClientFollowsBootsDetectionToReactorNettyAndGivesUp() {
		this.runner.withClassLoader(new FilteredClassLoader("org.apache.hc.client5"))
			.run((context) -> assertServletClientGivesUp(context, "ReactorNetty/", ReadTimeoutException.class));
	}

	@Test
	void servletClientUsesTheFactoryTheApplicationChoseAndGivesUp() {
		this.runner
			.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
					ImperativeHttpClientAutoConfiguration.class))
			.withPropertyValues("spring.http.clients.imperative.factory=jdk", "spring.http.clients.read-timeout=5m")
			.run((context) -> assertServletClientGivesUp(context, JDK, HttpTimeoutException.class));
	}

	@Test
	void servletClientFallsBackToTheJdkClientWithoutBootsHttpClientModuleAndGivesUp() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.http.client"))
			.run((context) -> assertServletClientGivesUp(context, JDK, HttpTimeoutException.class));
	}

	@Test
	void reactiveClientFollowsBootsDetectionToReactorNettyAndGivesUp() {
		this.runner.run((context) -> assertReactiveClientGivesUp(context, "ReactorNetty/"));
	}

	@Test
	void reactiveClientUsesTheConnectorTheApplicationChoseAndOnlyTheRequestTimeout() {
		this.runner
			.withConfiguration(
					AutoConfigurations.of(HttpClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class))
			.withPropertyValues("spring.http.clients.reactive.connector=jdk", "spring.http.clients.read-timeout=1s")
			.run((context) -> assertThat(assertReactiveClientGivesUp(context, JDK))
				.noneMatch(HttpTimeoutException.class::isInstance));
	}

	@Test
	void reactiveClientKeepsWebClientsOwnConnectorWithoutBootsHttpClientModuleAndGivesUp() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.http.client"))
			.run((context) -> assertReactiveClientGivesUp(context, "ReactorNetty/"));
	}

	private void assertServletClientGivesUp(AssertableApplicationContext context, String library,
			Class<? extends Exception> timeout) {
		OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> client = context
			.<OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest>>getBeanProvider(SERVLET_CLIENT)
			.getObject();
		assertThat(assertGivesUp(() -> client.getTokenResponse(grantRequest()), library)).anyMatch(timeout::isInstance);
	}

	/** The reactive client fails with the request timeout's {@code TimeoutException}, whatever the library. */
	private List<Throwable> assertReactiveClientGivesUp(AssertableApplicationContext context, String library) {
		ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> client = context
			.<ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest>>getBeanProvider(
					REACTIVE_CLIENT)
			.getObject();
		List<Throwable> causes = assertGivesUp(() -> client.getTokenResponse(grantRequest()).block(), library);
		assertThat(causes).anyMatch(TimeoutException.class::isInstance);
		return causes;
	}

	/** Makes the call, which must fail about the request timeout after the endpoint got it from the library. */
	private List<Throwable> assertGivesUp(ThrowingCallable call, String library) {
		Throwable failure = assertTimeoutPreemptively(LIMIT, () -> catchThrowable(call));
		long givenUpAt = System.nanoTime();
		assertThat(this.received.getCount()).isZero();
		assertThat(Duration.ofNanos(givenUpAt - this.receivedAt.get())).isBetween(Duration.ofMillis(1500), GIVEN_UP_BY);
		assertThat(this.userAgent.get()).startsWith(library);
		return causes(failure);
	}

	@Test
	void requestTimeoutDefaultsToTenSeconds() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TokenCacheAutoConfiguration.class,
					TokenCacheOAuth2ClientAutoConfiguration.class))
			.run((context) -> assertThat(context.getBean(TokenCacheOAuth2ClientProperties.class).getRequestTimeout())
				.isEqualTo(Duration.ofSeconds(10)));
	}

	private OAuth2ClientCredentialsGrantRequest grantRequest() {
		return new OAuth2ClientCredentialsGrantRequest(ClientRegistration.withRegistrationId("billing")
			.clientId("billing-client")
			.clientSecret("billing-secret")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("invoices.read")
			.tokenUri(tokenUri().toString())
			.build());
	}

	private URI tokenUri() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/oauth2/token");
	}

	private static List<Throwable> causes(Throwable failure) {
		List<Throwable> causes = new ArrayList<>();
		for (Throwable cause = failure; cause != null && !causes.contains(cause); cause = cause.getCause()) {
			causes.add(cause);
		}
		assertThat(causes).as("the call must fail").isNotEmpty();
		return causes;
	}

}
