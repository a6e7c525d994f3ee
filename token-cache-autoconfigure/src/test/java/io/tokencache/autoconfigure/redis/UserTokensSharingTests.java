package io.tokencache.autoconfigure.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.tokencache.autoconfigure.TokenCacheAutoConfiguration;
import io.tokencache.redis.RedisTier;
import io.tokencache.redis.TestRedis;
import io.tokencache.security.TokenCacheOAuth2ClientAutoConfiguration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.TokenExchangeGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of a service that exchanges its users' tokens (issue 24), sharing one real
 * {@code redis-server}: a user's exchanged token, obtained on one instance, is served by the
 * other without an exchange, and is stored encrypted.
 */
@Timeout(120)
class UserTokensSharingTests {

	private static final String ISSUED_MARK = "exchanged-token-never-in-redis-";

	private static final AtomicInteger exchanges = new AtomicInteger();

	private static final ClientRegistration ORDERS = ClientRegistration.withRegistrationId("orders")
		.clientId("orders-client")
		.clientSecret("orders-secret")
		.authorizationGrantType(AuthorizationGrantType.TOKEN_EXCHANGE)
		.tokenUri("https://idp.example.com/oauth2/token")
		.build();

	private static TestRedis redis;

	private final String prefix = "test-" + UUID.randomUUID() + ":";

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@BeforeAll
	static void startRedis() {
		redis = TestRedis.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@AfterEach
	void stopInstances() {
		this.instances.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void usersExchangedTokenIsSharedBetweenInstancesEncryptedAndOnlyForThatUser() {
		OAuth2AccessTokenResponseClient<TokenExchangeGrantRequest> first = exchangeClient(start());
		OAuth2AccessTokenResponseClient<TokenExchangeGrantRequest> second = exchangeClient(start());
		int before = exchanges.get();
		String token = first.getTokenResponse(exchange("user-1")).getAccessToken().getTokenValue();
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> second.getTokenResponse(exchange("user-1")).getAccessToken().getTokenValue().equals(token));
		assertThat(exchanges.get() - before).isEqualTo(1);
		assertThat(second.getTokenResponse(exchange("user-2")).getAccessToken().getTokenValue()).isNotEqualTo(token);
		assertThat(exchanges.get() - before).isEqualTo(2);
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(redis.host(), redis.port()));
		try {
			factory.afterPropertiesSet();
			factory.start();
			StringRedisTemplate raw = new StringRedisTemplate(factory);
			Set<String> keys = raw.keys(this.prefix + "*:token");
			assertThat(keys).hasSize(2).noneMatch((key) -> key.contains("subject-of-") || key.contains("token-exchange"));
			for (String key : keys) {
				assertThat(raw.opsForValue().get(key)).doesNotContain(ISSUED_MARK);
			}
		}
		finally {
			factory.destroy();
		}
	}

	private ConfigurableApplicationContext start() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Instance.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(redis.springProperties())
			.properties("token-cache.redis.enabled=true", "token-cache.redis.key-prefix=" + this.prefix,
					"token-cache.redis.encryption-key=" + Instances.ENCRYPTION_KEY, "token-cache.redis.timeout=2s")
			.run();
		this.instances.add(context);
		Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> context.getBean(RedisTier.class).isShared());
		return context;
	}

	@SuppressWarnings("unchecked")
	private static OAuth2AccessTokenResponseClient<TokenExchangeGrantRequest> exchangeClient(
			ConfigurableApplicationContext context) {
		return context.getBean("exchangeClient", OAuth2AccessTokenResponseClient.class);
	}

	private static TokenExchangeGrantRequest exchange(String user) {
		Instant now = Instant.now();
		return new TokenExchangeGrantRequest(ORDERS, Jwt.withTokenValue("subject-of-" + user)
			.header("alg", "RS256")
			.subject(user)
			.issuedAt(now.minusSeconds(1))
			.expiresAt(now.plusSeconds(600))
			.build(), null);
	}

	/** One instance: the tier, the OAuth2 client bridge, and the application's exchange client. */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, TokenCacheAutoConfiguration.class,
			TokenCacheRedisAutoConfiguration.class, TokenCacheOAuth2ClientAutoConfiguration.class })
	static class Instance {

		@Bean
		OAuth2AccessTokenResponseClient<TokenExchangeGrantRequest> exchangeClient() {
			return (request) -> OAuth2AccessTokenResponse.withToken(ISSUED_MARK + exchanges.incrementAndGet())
				.tokenType(OAuth2AccessToken.TokenType.BEARER)
				.expiresIn(300)
				.build();
		}

	}

}
