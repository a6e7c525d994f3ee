package io.tokencache.autoconfigure.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tokencache.TokenCache;
import io.tokencache.autoconfigure.TokenCacheAutoConfiguration;
import io.tokencache.security.TokenCacheOAuth2ClientAutoConfiguration;
import io.tokencache.redis.TestRedis;
import io.tokencache.redis.RedisTier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * The Redis tier's lock lease against the starter's own token requests: applications with the
 * tier and the OAuth2 client bridge, started for real against a real {@code redis-server}, beside
 * a running instance of the same service that shares a token.
 * <p>
 * A start that fails must leave that instance's Redis state exactly as it was (the same keys and
 * values, no lock) and no subscriber of its own on the tier's channel.
 */
@ExtendWith(OutputCaptureExtension.class)
class LockLeaseTokenRequestTests {

	private static final ResolvableType SERVLET_CLIENT = ResolvableType
		.forClassWithGenerics(OAuth2AccessTokenResponseClient.class, OAuth2ClientCredentialsGrantRequest.class);

	private static TestRedis redis;

	private static Instances running;

	private static RedisClient client;

	private static StatefulRedisConnection<String, String> connection;

	@BeforeAll
	static void startRedisAndAnInstanceThatSharesAToken() {
		redis = TestRedis.start();
		running = new Instances(redis).start(1);
		running.cache(0).put("billing-api", "token-of-the-running-instance", Duration.ofMinutes(20));
		client = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
		connection = client.connect();
		await().atMost(Duration.ofSeconds(10)).until(() -> !redisState().isEmpty());
	}

	@AfterAll
	static void stopEverything() {
		connection.close();
		client.shutdown();
		running.close();
		redis.close();
	}

	@Test
	void leaseNotLongerThanATokenLoadFailsStartUpWithTheReportAndChangesNothing(CapturedOutput output) {
		Map<String, String> before = redisState();
		assertThatException().isThrownBy(() -> start(OAuth2ClientInstance.class, "token-cache.redis.lock-lease=20s"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("token-cache.redis.lock-lease (20s) must be longer than the 21s for which a token load of the "
					+ "starter's OAuth2 client may hold the Redis tier's lock")
			.contains("token-cache.oauth2-client.request-timeout (10s) to connect and as long again for the answer")
			.contains("token-cache.redis.timeout (500ms)")
			.contains("Action:")
			.contains("Raise token-cache.redis.lock-lease above 21s (default 30s), or lower "
					+ "token-cache.oauth2-client.request-timeout (default 10s)");
		assertNothingChanged(before);
	}

	@Test
	void leaseEqualToTheLongestTokenLoadFailsStartUp(CapturedOutput output) {
		Map<String, String> before = redisState();
		assertThatException().isThrownBy(() -> start(OAuth2ClientInstance.class, "token-cache.redis.lock-lease=21s"));
		assertThat(output).contains("token-cache.redis.lock-lease (21s) must be longer than the 21s");
		assertNothingChanged(before);
	}

	@Test
	void requestTimeoutThatOutlastsTheDefaultLeaseFailsStartUpWithTheReport(CapturedOutput output) {
		Map<String, String> before = redisState();
		assertThatException()
			.isThrownBy(() -> start(OAuth2ClientInstance.class, "token-cache.oauth2-client.request-timeout=15s"));
		assertThat(output).contains("token-cache.redis.lock-lease (30s) must be longer than the 31s")
			.contains("token-cache.oauth2-client.request-timeout (15s)")
			.contains("Raise token-cache.redis.lock-lease above 31s");
		assertNothingChanged(before);
	}

	@Test
	void defaultLeaseRequestTimeoutAndRedisTimeoutStart() {
		try (ConfigurableApplicationContext context = start(OAuth2ClientInstance.class)) {
			assertThat(context.getBean(RedisTier.class).isBound()).isTrue();
			assertThat(context.getBeanProvider(SERVLET_CLIENT).getIfAvailable()).isNotNull();
			assertThat(context.getBean(TokenCache.class).get("billing-api", (key) -> {
				throw new AssertionError("the running instance shares this token");
			})).isEqualTo("token-of-the-running-instance");
		}
	}

	@Test
	void leaseJustLongerThanTheLongestTokenLoadStarts() {
		try (ConfigurableApplicationContext context = start(OAuth2ClientInstance.class,
				"token-cache.redis.lock-lease=21001ms")) {
			assertThat(context.getBeanProvider(SERVLET_CLIENT).getIfAvailable()).isNotNull();
		}
	}

	@Test
	void applicationsOwnResponseClientsAreNotHeldToTheRequestTimeout() {
		try (ConfigurableApplicationContext context = start(OwnResponseClientsInstance.class,
				"token-cache.redis.lock-lease=5s")) {
			assertThat(context.getBean("ownResponseClient")).isNotNull();
			assertThat(context.getBean(RedisTier.class).isBound()).isTrue();
		}
	}

	private static ConfigurableApplicationContext start(Class<?> application, String... properties) {
		List<String> all = new ArrayList<>(List.of(redis.springProperties()));
		all.addAll(List.of("token-cache.redis.enabled=true", "token-cache.redis.key-prefix=" + running.prefix(),
				"token-cache.redis.encryption-key=" + Instances.ENCRYPTION_KEY));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(all.toArray(String[]::new))
			.run();
	}

	/** Every key of the service's prefix with its value: the running instance's token, nothing else. */
	private static Map<String, String> redisState() {
		RedisCommands<String, String> commands = connection.sync();
		Map<String, String> state = new TreeMap<>();
		for (String key : commands.keys(running.prefix() + "*")) {
			state.put(key, commands.get(key));
		}
		return state;
	}

	private static void assertNothingChanged(Map<String, String> before) {
		assertThat(before).containsOnlyKeys(running.tokenKey("billing-api"), running.versionKey("billing-api"));
		assertThat(redisState()).isEqualTo(before);
		String channel = running.prefix() + "events";
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(connection.sync().pubsubNumsub(channel)).containsEntry(channel, 1L));
		assertThat(running.cache(0).get("billing-api")).hasValue("token-of-the-running-instance");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, TokenCacheAutoConfiguration.class,
			TokenCacheRedisAutoConfiguration.class, TokenCacheOAuth2ClientAutoConfiguration.class })
	static class OAuth2ClientInstance {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, TokenCacheAutoConfiguration.class,
			TokenCacheRedisAutoConfiguration.class, TokenCacheOAuth2ClientAutoConfiguration.class })
	static class OwnResponseClientsInstance {

		@Bean
		OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> ownResponseClient() {
			return (grantRequest) -> {
				throw new UnsupportedOperationException("not called");
			};
		}

		@Bean
		ReactiveOAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> ownReactiveResponseClient() {
			return (grantRequest) -> Mono.error(new UnsupportedOperationException("not called"));
		}

	}

}
