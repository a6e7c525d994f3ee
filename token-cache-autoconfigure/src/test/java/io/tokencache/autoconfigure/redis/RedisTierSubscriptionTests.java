package io.tokencache.autoconfigure.redis;

import java.time.Duration;
import java.util.Arrays;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tokencache.TokenCache;
import io.tokencache.redis.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * A subscription lost while commands still work, on a real {@code redis-server}: the pub/sub
 * connections are killed and Redis refuses new connections, while the instances' command
 * connections go on. An instance that stops hearing its own heartbeat goes local, and the
 * gauge says so; once it can subscribe again it does, and drops what it missed.
 */
@Timeout(120)
class RedisTierSubscriptionTests {

	private static final Duration DETECTION = Duration.ofSeconds(15);

	private TestRedis redis;

	private Instances instances;

	private RedisClient client;

	private StatefulRedisConnection<String, String> connection;

	@BeforeEach
	void start() {
		this.redis = TestRedis.start();
		assumeThat(this.redis.isOwned()).as("the test reconfigures Redis").isTrue();
		this.client = RedisClient.create(RedisURI.create(this.redis.host(), this.redis.port()));
		this.connection = this.client.connect();
		this.instances = new Instances(this.redis);
	}

	@AfterEach
	void stop() {
		if (this.instances != null) {
			this.instances.close();
		}
		if (this.connection != null) {
			this.connection.close();
			this.client.shutdown();
		}
		this.redis.close();
	}

	@Test
	void lostSubscriptionIsDetectedShownResubscribedAndReconciled() {
		this.instances.start(2);
		TokenCache a = this.instances.cache(0);
		TokenCache b = this.instances.cache(1);
		CountingLoader issuer = CountingLoader.immediate();
		String missed = a.get("billing-api", issuer);
		assertThat(b.get("billing-api", issuer)).isEqualTo(missed);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.instances.context(0).getBean(TokenCacheRedisMetrics.class).bindTo(registry);

		RedisCommands<String, String> commands = this.connection.sync();
		dropSubscriptionsAndRefuseNewConnections(commands);
		b.invalidate("billing-api");
		await().atMost(DETECTION).until(() -> !this.instances.tier(0).isShared());
		assertThat(registry.get(TokenCacheRedisMetrics.LOCAL).gauge().value()).isOne();
		assertThat(this.instances.tier(0).lastFailure()).contains("the subscription is lost");

		commands.configSet("maxclients", "10000");
		await().atMost(DETECTION).untilAsserted(() -> {
			assertThat(this.instances.tier(0).isShared()).isTrue();
			assertThat(this.instances.tier(0).isSubscribed()).isTrue();
			assertThat(a.get("billing-api")).isEmpty();
		});
		assertThat(registry.get(TokenCacheRedisMetrics.LOCAL).gauge().value()).isZero();
		String next = b.get("billing-api", issuer);
		assertThat(next).isNotEqualTo(missed);
		assertThat(a.get("billing-api", issuer)).isEqualTo(next);
	}

	/** Kills every pub/sub connection, with no room left for a new connection to replace one. */
	private static void dropSubscriptionsAndRefuseNewConnections(RedisCommands<String, String> commands) {
		String[] clients = commands.clientList().strip().split("\n");
		long subscribers = Arrays.stream(clients).filter((client) -> !client.contains(" sub=0 ")).count();
		assertThat(subscribers).isPositive();
		commands.configSet("maxclients", String.valueOf(clients.length - subscribers));
		commands.clientKill(KillArgs.Builder.typePubsub());
	}

}
