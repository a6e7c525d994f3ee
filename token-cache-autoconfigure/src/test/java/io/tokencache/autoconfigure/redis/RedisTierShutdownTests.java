package io.tokencache.autoconfigure.redis;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.tokencache.TokenCache;
import io.tokencache.actuate.ActuatorHttp;
import io.tokencache.redis.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tier stops after the web server has drained its requests: an invalidation that a request
 * makes while the server drains (after a 401, say) still reaches Redis and every other
 * instance. The request is held until the shutdown has passed the tier's old lifecycle phase.
 */
@Timeout(120)
class RedisTierShutdownTests {

	private static final CountDownLatch inRequest = new CountDownLatch(1);

	private static final CountDownLatch draining = new CountDownLatch(1);

	private static TestRedis redis;

	@BeforeAll
	static void startRedis() {
		redis = TestRedis.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void invalidationMadeWhileTheServerDrainsReachesTheOtherInstances() throws Exception {
		try (Instances instances = new Instances(redis).start(1)) {
			List<String> properties = new ArrayList<>(List.of(instances.properties()));
			properties.addAll(List.of("server.port=0", "server.shutdown=graceful", ActuatorHttp.WITHOUT_SECURITY));
			ConfigurableApplicationContext web = new SpringApplicationBuilder(DrainingApplication.class)
				.web(WebApplicationType.SERVLET)
				.bannerMode(Banner.Mode.OFF)
				.logStartupInfo(false)
				.properties(properties.toArray(String[]::new))
				.run();
			TokenCache other = instances.cache(0);
			String token = web.getBean(TokenCache.class).get("billing-api", CountingLoader.immediate());
			assertThat(other.get("billing-api", CountingLoader.immediate())).isEqualTo(token);

			int port = Integer.parseInt(web.getEnvironment().getRequiredProperty("local.server.port"));
			CompletableFuture<HttpResponse<String>> response = HttpClient.newHttpClient()
				.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/rejected")).build(),
						HttpResponse.BodyHandlers.ofString());
			assertThat(inRequest.await(10, TimeUnit.SECONDS)).isTrue();
			web.close();

			assertThat(response.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(other.get("billing-api")).isEmpty());
			assertThat(other.get("billing-api", CountingLoader.immediate())).isNotEqualTo(token);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class DrainingApplication {

		@Bean
		RejectingController rejectingController(TokenCache cache) {
			return new RejectingController(cache);
		}

		/** Lets the request go on once the shutdown has passed the phases above the server's drain. */
		@Bean
		SmartLifecycle drainStarted() {
			return new SmartLifecycle() {

				private volatile boolean running;

				@Override
				public void start() {
					this.running = true;
				}

				@Override
				public void stop() {
					this.running = false;
					draining.countDown();
				}

				@Override
				public boolean isRunning() {
					return this.running;
				}

				@Override
				public int getPhase() {
					return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 512;
				}

			};
		}

	}

	/** A request whose downstream call was rejected: it invalidates the token, during the drain. */
	@RestController
	static class RejectingController {

		private final TokenCache cache;

		RejectingController(TokenCache cache) {
			this.cache = cache;
		}

		@GetMapping("/rejected")
		String rejected() throws InterruptedException {
			inRequest.countDown();
			if (!draining.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("the shutdown never reached the drain");
			}
			this.cache.invalidate("billing-api");
			return "invalidated";
		}

	}

}
