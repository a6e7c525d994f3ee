package io.tokencache.autoconfigure.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.tokencache.TokenCache;
import io.tokencache.actuate.ActuatorHttp;
import org.awaitility.Awaitility;
import io.tokencache.autoconfigure.TokenCacheAutoConfiguration;
import io.tokencache.redis.TestRedis;
import io.tokencache.redis.RedisTier;
import io.tokencache.redis.KeyNames;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * Several application contexts, each an instance of one service, sharing one Redis under a key
 * prefix of their own, so that tests do not see each other's keys.
 */
final class Instances implements AutoCloseable {

	/** A fixed test key; in production each deployment generates its own. */
	static final String ENCRYPTION_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private final TestRedis redis;

	private final String prefix = "test-" + UUID.randomUUID() + ":";

	private final List<String> properties = new ArrayList<>();

	private final List<Class<?>> sources = new ArrayList<>(List.of(Instance.class));

	Instances(TestRedis redis, String... properties) {
		this(redis, true, properties);
	}

	private Instances(TestRedis redis, boolean ownPrefix, String... properties) {
		this.redis = redis;
		this.properties.addAll(List.of(redis.springProperties()));
		this.properties.add("token-cache.redis.enabled=true");
		if (ownPrefix) {
			this.properties.add("token-cache.redis.key-prefix=" + this.prefix);
		}
		this.properties.add("token-cache.redis.encryption-key=" + ENCRYPTION_KEY);
		// Generous, so that a busy build machine does not switch an instance to local mode.
		this.properties.add("token-cache.redis.timeout=2s");
		this.properties.addAll(List.of(properties));
	}

	/**
	 * Instances of a service named {@code spring.application.name}, with the default key prefix.
	 */
	static Instances ofApplication(TestRedis redis, String applicationName, String... properties) {
		Instances instances = new Instances(redis, false, properties);
		instances.properties.add("spring.application.name=" + applicationName);
		return instances;
	}

	/** Adds a configuration of the test's to every instance started from now on. */
	Instances with(Class<?> configuration) {
		this.sources.add(configuration);
		return this;
	}

	/**
	 * Starts instances until there are {@code count}, and waits until each shares through Redis:
	 * on a busy machine the first connection can take longer than the tier waits at start-up,
	 * and the instance then starts in local mode and shares a moment later.
	 */
	Instances start(int count) {
		while (this.contexts.size() < count) {
			this.contexts.add(new SpringApplicationBuilder(this.sources.toArray(Class<?>[]::new))
				.web(WebApplicationType.NONE)
				.bannerMode(Banner.Mode.OFF)
				.logStartupInfo(false)
				.properties(this.properties.toArray(String[]::new))
				.run());
			awaitShared(this.contexts.size() - 1);
		}
		return this;
	}

	private void awaitShared(int instance) {
		if (this.redis.isUp()) {
			Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> tier(instance).isShared());
		}
	}

	/**
	 * Starts one more instance as a whole web application, with every auto-configuration on the
	 * classpath, as a real service would run, and the endpoint, health and metrics exposed.
	 * @return its HTTP port
	 */
	int startWeb() {
		List<String> web = new ArrayList<>(this.properties);
		web.addAll(List.of("server.port=0", "management.endpoints.web.exposure.include=tokencache,health,metrics",
				"management.endpoint.health.show-details=always", ActuatorHttp.WITHOUT_SECURITY));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(WebInstance.class)
			.web(WebApplicationType.SERVLET)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.properties(web.toArray(String[]::new))
			.run();
		this.contexts.add(context);
		awaitShared(this.contexts.size() - 1);
		return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	String prefix() {
		return this.prefix;
	}

	/** The properties every instance starts with, for a test that starts an application of its own. */
	String[] properties() {
		return this.properties.toArray(String[]::new);
	}

	/** The tier's Redis names, the same on every instance. */
	KeyNames names() {
		return tier(0).names();
	}

	/** The Redis key of a cache key's version. */
	String versionKey(String key) {
		KeyNames names = names();
		return names.version(names.id(key));
	}

	/** The Redis key of a cache key's token. */
	String tokenKey(String key) {
		KeyNames names = names();
		return names.token(names.id(key));
	}

	int size() {
		return this.contexts.size();
	}

	TokenCache cache(int instance) {
		return this.contexts.get(instance).getBean(TokenCache.class);
	}

	RedisTier tier(int instance) {
		return this.contexts.get(instance).getBean(RedisTier.class);
	}

	ConfigurableApplicationContext context(int instance) {
		return this.contexts.get(instance);
	}

	@Override
	public void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class WebInstance {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, TokenCacheAutoConfiguration.class,
			TokenCacheRedisAutoConfiguration.class })
	static class Instance {

	}

}
