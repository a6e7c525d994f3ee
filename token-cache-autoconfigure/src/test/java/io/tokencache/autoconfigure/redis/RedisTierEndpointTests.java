package io.tokencache.autoconfigure.redis;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.tokencache.TokenCache;
import io.tokencache.actuate.ActuatorHttp;
import io.tokencache.redis.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tier in a whole web application, every auto-configuration on the classpath included, over
 * real HTTP: the endpoint's deletes reach the other instances, and health and metrics show the
 * tier without a token.
 */
class RedisTierEndpointTests {

	private static TestRedis redis;

	private final Instances instances = new Instances(redis);

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
		this.instances.close();
	}

	@Test
	void deleteOnTheEndpointReachesAnInstanceThatHoldsTheToken() {
		ActuatorHttp web = new ActuatorHttp(this.instances.startWeb());
		TokenCache other = this.instances.start(2).cache(1);
		CountingLoader loader = CountingLoader.immediate();
		String token = other.get("billing-api", loader);
		assertThat(this.instances.cache(0).get("billing-api", loader)).isEqualTo(token);
		assertThat(web.delete("/tokencache/billing-api").statusCode()).isEqualTo(204);
		await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(other.get("billing-api")).isEmpty());
	}

	@Test
	void deleteOfAllTokensReachesTheOtherInstances() {
		ActuatorHttp web = new ActuatorHttp(this.instances.startWeb());
		TokenCache other = this.instances.start(2).cache(1);
		other.get("billing-api", CountingLoader.immediate());
		assertThat(web.delete("/tokencache").statusCode()).isEqualTo(204);
		await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(other.stats().size()).isZero());
	}

	@Test
	void healthAndMetricsShowTheTierWithoutTheToken() {
		ActuatorHttp web = new ActuatorHttp(this.instances.startWeb());
		this.instances.cache(0).get("billing-api", CountingLoader.immediate());
		HttpResponse<String> health = web.get("/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"tokenCacheRedis\"").contains("\"mode\":\"shared\"")
			.doesNotContain(CountingLoader.SECRET_MARK);
		HttpResponse<String> local = web.get("/metrics/token.cache.redis.local?tag=cache:tokenCache");
		assertThat(local.statusCode()).isEqualTo(200);
		assertThat(local.body()).contains("\"value\":0.0");
		HttpResponse<String> loads = web.get("/metrics/token.cache.redis.loads?tag=source:loader");
		assertThat(loads.body()).contains("\"value\":1.0").doesNotContain(CountingLoader.SECRET_MARK);
	}

}
