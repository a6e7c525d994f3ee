package io.tokencache.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.SubscriptionListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * One instance's connection to the tier: its Redis operations, its subscription, its mode, and
 * the {@link RedisSharedTier} that the auto-configured cache is built with.
 * <p>
 * It stops in {@link #PHASE}, after the web server has drained its requests and stopped, so
 * that what a request changes while draining (an invalidation after a 401, say) is still
 * written and published; and before the connection factory, so that the subscription ends on
 * an open connection.
 */
final class RedisTier implements SmartLifecycle, InitializingBean, DisposableBean {

	/**
	 * Below the web server's start-stop phase ({@code SmartLifecycle.DEFAULT_PHASE - 2048}),
	 * which stops after its graceful shutdown, and above the connection factory's (0).
	 */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(RedisTier.class);

	/** The first operation connects, which takes longer than an operation on an open connection. */
	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private final String instanceId = UUID.randomUUID().toString();

	private final RedisConnectionFactory connectionFactory;

	private final RedisCalls calls;

	private final Sharing sharing;

	private final SharedTokens tokens;

	private final SharedLoader loader;

	private final RedisSharedTier tier;

	private final AtomicBoolean subscribed = new AtomicBoolean();

	private final ExecutorService dispatcher = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "token-cache-redis-messages");
		thread.setDaemon(true);
		return thread;
	});

	private volatile @Nullable RedisMessageListenerContainer container;

	private volatile boolean running;

	RedisTier(RedisConnectionFactory connectionFactory, TokenCacheRedisProperties properties, String keyPrefix,
			Clock clock) {
		if (properties.getTimeout().compareTo(properties.getLockLease()) >= 0) {
			throw RedisTierConfigurationException.timeoutNotBelowLease(properties);
		}
		this.connectionFactory = connectionFactory;
		this.calls = new RedisCalls(properties.getTimeout());
		this.sharing = new Sharing(clock);
		byte[] encryptionKey = encryptionKey(properties);
		TokenCipher cipher = (encryptionKey != null) ? TokenCipher.aesGcm(encryptionKey) : TokenCipher.plain();
		this.tokens = new SharedTokens(new StringRedisTemplate(connectionFactory), this.calls, cipher,
				new KeyNames(keyPrefix, encryptionKey), clock);
		this.loader = new SharedLoader(this.tokens, this.sharing, this.instanceId, properties.getLockLease(),
				properties.getPollInterval());
		this.tier = new RedisSharedTier(this.tokens, this.loader, this.sharing, this.instanceId);
		this.sharing.onProbe(this::reconnect, this.tier::replay);
	}

	private static byte @Nullable [] encryptionKey(TokenCacheRedisProperties properties) {
		String key = properties.getEncryptionKey();
		if (!properties.isEncrypt()) {
			return null;
		}
		if (key == null) {
			throw RedisTierConfigurationException.missingEncryptionKey();
		}
		return TokenCacheRedisProperties.decodeKey(key);
	}

	/** The tier that the auto-configured cache is built with. */
	RedisSharedTier sharedTier() {
		return this.tier;
	}

	@Override
	public void afterPropertiesSet() {
		connect();
	}

	/**
	 * Opens the shared connection and the subscription while the application starts, not in its
	 * first caller's miss. If Redis is down the application starts anyway, in local mode.
	 */
	private void connect() {
		try {
			this.tokens.ping(CONNECT_TIMEOUT);
			subscribe();
		}
		catch (RedisUnavailableException ex) {
			this.sharing.failed(ex);
		}
	}

	/** The probe's check: Redis answers, and this instance is subscribed again. */
	private void reconnect() {
		this.tokens.ping();
		RedisMessageListenerContainer container = this.container;
		if (container == null || !container.isListening()) {
			subscribe();
		}
	}

	/**
	 * Subscribes with a new container, since one whose first subscription failed does not try
	 * again; once subscribed, the client resubscribes by itself after a reconnect.
	 */
	private synchronized void subscribe() {
		RedisMessageListenerContainer previous = this.container;
		if (previous != null) {
			destroyQuietly(previous);
		}
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(this.connectionFactory);
		container.setRecoveryInterval(Sharing.PROBE_INTERVAL.toMillis());
		// One thread, so that the messages of one instance are applied in the order they were sent.
		container.setTaskExecutor(this.dispatcher);
		// Jedis subscribes with a blocking call, which must not take the dispatching thread.
		SimpleAsyncTaskExecutor subscriber = new SimpleAsyncTaskExecutor("token-cache-redis-subscription-");
		subscriber.setDaemon(true);
		container.setSubscriptionExecutor(subscriber);
		container.setBeanName("token-cache-redis-" + this.instanceId.substring(0, 8));
		container.addMessageListener(new Listener(), new ChannelTopic(this.tokens.names().channel()));
		container.afterPropertiesSet();
		this.container = container;
		try {
			container.start();
		}
		catch (RuntimeException ex) {
			throw new RedisUnavailableException("could not subscribe to " + this.tokens.names().channel(), ex);
		}
	}

	private static void destroyQuietly(RedisMessageListenerContainer container) {
		try {
			container.destroy();
		}
		catch (Exception ex) {
			logger.debug("Could not stop the Redis tier's subscription", ex);
		}
	}

	boolean isShared() {
		return this.sharing.isShared();
	}

	boolean isSubscribed() {
		RedisMessageListenerContainer container = this.container;
		return container != null && container.isListening();
	}

	@Nullable Instant localSince() {
		return this.sharing.localSince();
	}

	@Nullable String lastFailure() {
		return this.sharing.lastFailure();
	}

	SharedLoader loader() {
		return this.loader;
	}

	String instanceId() {
		return this.instanceId;
	}

	@Override
	public void start() {
		this.running = true;
	}

	/**
	 * Stops sharing once the web server has stopped and before the connection factory stops
	 * (see {@link #PHASE}). The cache stays usable, locally, while the rest of the context
	 * closes.
	 */
	@Override
	public void stop() {
		this.running = false;
		this.sharing.close();
		RedisMessageListenerContainer container = this.container;
		if (container != null) {
			destroyQuietly(container);
		}
		this.dispatcher.shutdownNow();
		this.calls.close();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public void destroy() {
		stop();
	}

	/**
	 * Receives the tier's messages. On every (re)subscription it reconciles the local cache with
	 * Redis, since messages sent while it was not subscribed are lost.
	 */
	private final class Listener implements MessageListener, SubscriptionListener {

		@Override
		public void onMessage(Message message, byte @Nullable [] pattern) {
			TierMessage decoded = TierMessage.decode(new String(message.getBody(), StandardCharsets.UTF_8));
			if (decoded != null) {
				RedisTier.this.tier.onMessage(decoded);
			}
		}

		@Override
		public void onChannelSubscribed(byte[] channel, long count) {
			boolean first = RedisTier.this.subscribed.compareAndSet(false, true);
			if (!first && RedisTier.this.sharing.isShared()) {
				RedisTier.this.sharing.background(RedisTier.this.tier::reconcile);
			}
		}

		@Override
		public void onChannelUnsubscribed(byte[] channel, long count) {
			logger.debug("Redis tier unsubscribed from its channel");
		}

	}

}
