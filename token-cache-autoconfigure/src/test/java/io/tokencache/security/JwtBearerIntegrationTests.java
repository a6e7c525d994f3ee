package io.tokencache.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.tokencache.FakeTicker;
import io.tokencache.Ticker;
import io.tokencache.TokenCache;
import io.tokencache.TokenEntryInfo;
import io.tokencache.autoconfigure.TokenCacheAutoConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.ResolvableType;
import org.springframework.security.oauth2.client.endpoint.JwtBearerGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JWT bearer grant (RFC 7523) through the starter's own servlet and reactive response
 * clients, published for a registration whose properties name the grant, against a real token
 * endpoint over HTTP ({@link JwtBearerTokenEndpoint}, since Spring Authorization Server has no
 * such grant): one request per assertion however many callers ask at once, each user's token
 * under its own assertion, cached no longer than the assertion is valid, and never in a key.
 */
@Timeout(180)
class JwtBearerIntegrationTests {

	private static final int CALLERS = 100;

	private static final String REGISTRATION = "spring.security.oauth2.client.registration.audit.";

	private JwtBearerTokenEndpoint endpoint;

	private ApplicationContextRunner runner;

	private ClientRegistration registration;

	@BeforeEach
	void start() throws Exception {
		this.endpoint = new JwtBearerTokenEndpoint();
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TokenCacheAutoConfiguration.class,
					TokenCacheOAuth2ClientAutoConfiguration.class))
			.withPropertyValues(REGISTRATION + "client-id=audit-client", REGISTRATION + "client-secret=audit-secret",
					REGISTRATION + "authorization-grant-type=urn:ietf:params:oauth:grant-type:jwt-bearer",
					"spring.security.oauth2.client.provider.audit.token-uri=" + this.endpoint.tokenUri());
		this.registration = ClientRegistration.withRegistrationId("audit")
			.clientId("audit-client")
			.clientSecret("audit-secret")
			.authorizationGrantType(AuthorizationGrantType.JWT_BEARER)
			.tokenUri(this.endpoint.tokenUri())
			.build();
	}

	@AfterEach
	void stop() {
		this.endpoint.close();
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void oneUsersConcurrentRequestsMakeOneTokenRequest(Stack stack) {
		this.runner.run((context) -> {
			JwtBearerGrantRequest request = request(assertion("user-1", 600));
			MissGate gate = new MissGate(context.getBean(TokenCache.class), CALLERS);
			this.endpoint.beforeAnswer(gate);
			List<String> tokens = burst(context, stack, List.of(request));
			assertThat(tokens).hasSize(CALLERS).allMatch((token) -> token.equals(tokens.get(0)));
			assertThat(tokens.get(0)).endsWith(" sub=user-1");
			assertThat(gate.reached()).as("all callers missed the cache before the token request").isTrue();
			assertThat(this.endpoint.requests()).isEqualTo(1);
		});
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void twoUsersInOneBurstEachGetTheTokenOfTheirOwnAssertion(Stack stack) {
		this.runner.run((context) -> {
			MissGate gate = new MissGate(context.getBean(TokenCache.class), CALLERS);
			this.endpoint.beforeAnswer(gate);
			List<String> tokens = burst(context, stack,
					List.of(request(assertion("user-1", 600)), request(assertion("user-2", 600))));
			for (int i = 0; i < CALLERS; i++) {
				assertThat(tokens.get(i)).as("caller %d", i).endsWith(" sub=user-" + (i % 2 + 1));
			}
			assertThat(this.endpoint.requests()).isEqualTo(2);
		});
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void tokenIsCachedNoLongerThanTheAssertionIsValid(Stack stack) {
		FakeTicker ticker = new FakeTicker();
		this.runner.withBean(Ticker.class, () -> ticker).run((context) -> {
			Jwt assertion = assertion("user-1", 120);
			String first = stack.token(context, request(assertion));
			assertThat(stack.token(context, request(assertion))).isEqualTo(first);
			assertThat(this.endpoint.requests()).isEqualTo(1);
			// Past the assertion's 120 seconds, long before the hour the endpoint gave the token.
			ticker.advance(Duration.ofSeconds(121));
			String second = stack.token(context, request(assertion));
			assertThat(second).isNotEqualTo(first).endsWith(" sub=user-1");
			assertThat(this.endpoint.requests()).isEqualTo(2);
		});
	}

	/**
	 * On the system clock, as in production: the entry is stored a little after its lifetime is
	 * computed, and still ends a second before the assertion, well before the endpoint's hour.
	 */
	@ParameterizedTest
	@EnumSource(Stack.class)
	void cachedTokenEndsASecondBeforeTheAssertion(Stack stack) {
		this.runner.run((context) -> {
			Jwt assertion = assertion("user-1", 600);
			stack.token(context, request(assertion));
			List<TokenEntryInfo> entries = context.getBean(TokenCache.class).entries();
			assertThat(entries).hasSize(1);
			Instant notAfter = assertion.getExpiresAt();
			assertThat(entries.get(0).expiresAt()).isBetween(notAfter.minusMillis(1500), notAfter.minusMillis(500));
		});
	}

	@ParameterizedTest
	@EnumSource(Stack.class)
	void neitherTheTokenNorTheAssertionIsInAKey(Stack stack) {
		this.runner.run((context) -> {
			Jwt assertion = assertion("user-1", 600);
			assertThat(stack.token(context, request(assertion))).contains(JwtBearerTokenEndpoint.DISTINCTIVE);
			List<TokenEntryInfo> entries = context.getBean(TokenCache.class).entries();
			assertThat(entries).hasSize(1);
			assertThat(entries.get(0).key()).matches("oauth2-client:audit:audit-client:.*:jwt-bearer:[A-Za-z0-9_-]{43}")
				.doesNotContain(JwtBearerTokenEndpoint.DISTINCTIVE)
				.doesNotContain(assertion.getTokenValue())
				.doesNotContain(assertion.getTokenValue().split("\\.")[1]);
		});
	}

	/** {@value #CALLERS} callers, the i-th with the i-th request in turn, released at once. */
	private static List<String> burst(AssertableApplicationContext context, Stack stack,
			List<JwtBearerGrantRequest> requests) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(CALLERS);
		try {
			List<Future<String>> calls = new ArrayList<>();
			for (int i = 0; i < CALLERS; i++) {
				JwtBearerGrantRequest request = requests.get(i % requests.size());
				calls.add(threads.submit(() -> {
					start.await();
					return stack.token(context, request);
				}));
			}
			start.countDown();
			List<String> tokens = new ArrayList<>();
			for (Future<String> call : calls) {
				tokens.add(call.get(150, TimeUnit.SECONDS));
			}
			return tokens;
		}
		finally {
			threads.shutdownNow();
		}
	}

	private JwtBearerGrantRequest request(Jwt assertion) {
		return new JwtBearerGrantRequest(this.registration, assertion);
	}

	/** An unsigned JWT naming the user, as the endpoint reads it, valid for the given seconds. */
	private static Jwt assertion(String user, long validForSeconds) {
		Instant now = Instant.now();
		Instant expiresAt = now.plusSeconds(validForSeconds);
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String value = base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ base64.encodeToString(("{\"sub\":\"" + user + "\",\"exp\":" + expiresAt.getEpochSecond() + "}")
					.getBytes(StandardCharsets.UTF_8))
				+ ".";
		return Jwt.withTokenValue(value)
			.header("alg", "none")
			.subject(user)
			.issuedAt(now)
			.expiresAt(expiresAt)
			.build();
	}

	/** The starter's response client of each stack, as the context publishes it. */
	enum Stack {

		SERVLET {
			@Override
			String token(AssertableApplicationContext context, JwtBearerGrantRequest request) {
				OAuth2AccessTokenResponseClient<JwtBearerGrantRequest> client = context
					.<OAuth2AccessTokenResponseClient<JwtBearerGrantRequest>>getBeanProvider(ResolvableType
						.forClassWithGenerics(OAuth2AccessTokenResponseClient.class, JwtBearerGrantRequest.class))
					.getObject();
				assertThat(client).isInstanceOf(CachingDelegatedTokenResponseClient.class);
				return client.getTokenResponse(request).getAccessToken().getTokenValue();
			}
		},

		REACTIVE {
			@Override
			String token(AssertableApplicationContext context, JwtBearerGrantRequest request) {
				ReactiveOAuth2AccessTokenResponseClient<JwtBearerGrantRequest> client = context
					.<ReactiveOAuth2AccessTokenResponseClient<JwtBearerGrantRequest>>getBeanProvider(
							ResolvableType.forClassWithGenerics(ReactiveOAuth2AccessTokenResponseClient.class,
									JwtBearerGrantRequest.class))
					.getObject();
				assertThat(client).isInstanceOf(CachingReactiveDelegatedTokenResponseClient.class);
				return client.getTokenResponse(request).block(Duration.ofSeconds(120)).getAccessToken().getTokenValue();
			}
		};

		abstract String token(AssertableApplicationContext context, JwtBearerGrantRequest request);

	}

}
