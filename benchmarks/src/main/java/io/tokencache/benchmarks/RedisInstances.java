package io.tokencache.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.tokencache.TokenCache;
import io.tokencache.autoconfigure.TokenCacheAutoConfiguration;
import io.tokencache.autoconfigure.redis.TokenCacheRedisAutoConfiguration;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Instances of one service, each a Spring context with the auto-configured {@link TokenCache},
 * with or without the Redis tier, against a real {@code redis-server}: the one on the
 * {@code PATH}, or the 6.2.6 that embedded-redis ships, started on an ephemeral port.
 */
final class RedisInstances implements AutoCloseable {

	private static final String ENCRYPTION_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

	private final RedisServer server;

	private final int port;

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	RedisInstances() {
		this.port = freePort();
		try {
			this.server = RedisServer.newRedisServer()
				.executableProvider(executable())
				.bind("127.0.0.1")
				.port(this.port)
				.setting("save \"\"")
				.setting("appendonly no")
				.build();
			this.server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Starts instances.
	 * @param count how many
	 * @param tier whether the Redis tier is on
	 * @param properties more properties of every instance
	 * @return their caches
	 */
	List<TokenCache> start(int count, boolean tier, String... properties) {
		String prefix = "bench-" + UUID.randomUUID() + ":";
		List<TokenCache> caches = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ConfigurableApplicationContext context = new SpringApplicationBuilder(Instance.class)
				.web(WebApplicationType.NONE)
				.bannerMode(Banner.Mode.OFF)
				.logStartupInfo(false)
				.properties("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + this.port,
						"token-cache.redis.enabled=" + tier, "token-cache.redis.key-prefix=" + prefix,
						"token-cache.redis.encryption-key=" + ENCRYPTION_KEY, "token-cache.redis.timeout=2s",
						"logging.level.root=warn")
				.properties(properties)
				.run();
			this.contexts.add(context);
			caches.add(context.getBean(TokenCache.class));
		}
		return caches;
	}

	/** The connection factory of the i-th instance started. */
	RedisConnectionFactory connectionFactory(int instance) {
		return this.contexts.get(instance).getBean(RedisConnectionFactory.class);
	}

	@Override
	public void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
		try {
			this.server.stop();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ExecutableProvider executable() {
		try {
			return ExecutableProvider.newExecutableInPath("redis-server");
		}
		catch (IOException ex) {
			return ExecutableProvider.newJarResourceProvider();
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, TokenCacheAutoConfiguration.class,
			TokenCacheRedisAutoConfiguration.class })
	static class Instance {

	}

}
