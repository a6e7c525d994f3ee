package io.tokencache.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tokencache.SharedTier;
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
public final class RedisTier implements SmartLifecycle, InitializingBean, DisposableBean {

	/**
	 * Below the web server's start-stop phase ({@code SmartLifecycle.DEFAULT_PHASE - 2048}),
	 * which stops after its graceful shutdown, and above the connection factory's (0).
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Log logger = LogFactory.getLog(RedisTier.class);

	/**
	 * Without a message of its own heard for this long, the subscription is lost: this instance
	 * sends itself a heartbeat every {@link Sharing#PROBE_INTERVAL}.
	 */
	static final Duration SILENCE = Sharing.PROBE_INTERVAL.multipliedBy(3);

	/** The first operation connects, which takes longer than an operation on an open connection. */
	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private final String instanceId = UUID.randomUUID().toString();

	private final RedisConnectionFactory connectionFactory;

	private final RedisCalls calls;

	private final Sharing sharing;

	private final KeyNames names;

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

	/** When this instance last heard a message of its own, or (re)subscribed; {@link System#nanoTime()}. */
	private volatile long heard = System.nanoTime();

	/**
	 * Creates the tier; it connects and subscribes in {@link #afterPropertiesSet()}.
	 * @param connectionFactory the connection to Redis, standalone or cluster
	 * @param settings the settings, the same on every instance that shares
	 * @param clock the wall clock that sealed expiries are written and checked with
	 */
	public RedisTier(RedisConnectionFactory connectionFactory, RedisTierSettings settings, Clock clock) {
		this.connectionFactory = connectionFactory;
		this.calls = new RedisCalls(settings.timeout());
		this.sharing = new Sharing(clock);
		byte[] encryptionKey = settings.encryptionKey();
		TokenCipher cipher = (encryptionKey != null) ? TokenCipher.aesGcm(encryptionKey) : TokenCipher.plain();
		this.names = new KeyNames(settings.keyPrefix(), encryptionKey);
		this.tokens = new SharedTokens(new StringRedisTemplate(connectionFactory), this.calls, cipher, this.names,
				clock);
		this.loader = new SharedLoader(this.tokens, this.sharing, this.instanceId, settings.lockLease(),
				settings.pollInterval());
		this.tier = new RedisSharedTier(this.tokens, this.loader, this.sharing, this.instanceId);
		this.sharing.onProbe(this::reconnect, this.tier::replay);
	}

	/**
	 * Returns the tier to build a cache with, through
	 * {@link io.tokencache.TokenCacheBuilder#sharedTier(SharedTier)}; it serves one cache.
	 * @return the shared tier
	 */
	public SharedTier sharedTier() {
		return this.tier;
	}

	/**
	 * Returns whether a cache was built with {@link #sharedTier()}.
	 * @return whether the tier is bound to a cache
	 */
	public boolean isBound() {
		return this.tier.isBound();
	}

	/**
	 * Returns the Redis names this tier uses, to look at what it stores.
	 * @return the names
	 */
	public KeyNames names() {
		return this.names;
	}

	/** Connects and subscribes, and starts the heartbeat; if Redis is down, the tier starts in local mode. */
	@Override
	public void afterPropertiesSet() {
		connect();
		this.sharing.everyInterval(this::heartbeat);
	}

	/**
	 * Detects a subscription lost while commands still work, which no failed command reveals:
	 * then this instance goes local, and the probe subscribes again and reconciles. Otherwise it
	 * sends the next heartbeat.
	 */
	private void heartbeat() {
		if (!this.sharing.isShared()) {
			return;
		}
		if (System.nanoTime() - this.heard > SILENCE.toNanos()) {
			throw new RedisUnavailableException("no message of its own heard on " + this.names.channel() + " for "
					+ SILENCE.toSeconds() + "s: the subscription is lost", null);
		}
		this.tokens.publish(new TierMessage(TierMessage.Kind.HEARTBEAT, this.instanceId, ""));
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

	/**
	 * The probe's check: Redis answers, and this instance is subscribed again, on a new
	 * subscription if the last one fell silent.
	 */
	private void reconnect() {
		this.tokens.ping();
		RedisMessageListenerContainer container = this.container;
		if (container == null || !container.isListening() || System.nanoTime() - this.heard > SILENCE.toNanos()) {
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
			this.heard = System.nanoTime();
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

	/**
	 * Returns whether this instance shares through Redis; {@code false} in local mode, while
	 * Redis or the subscription is lost, and after {@link #stop()}.
	 * @return whether tokens are shared
	 */
	public boolean isShared() {
		return this.sharing.isShared();
	}

	/**
	 * Returns whether the subscription to the tier's channel is up.
	 * @return whether this instance hears the others' changes
	 */
	public boolean isSubscribed() {
		RedisMessageListenerContainer container = this.container;
		return container != null && container.isListening();
	}

	/**
	 * Returns since when this instance is in local mode.
	 * @return the instant, or {@code null} while it shares
	 */
	public @Nullable Instant localSince() {
		return this.sharing.localSince();
	}

	/**
	 * Returns what the last failure was: the exception type and a short reason, no token.
	 * @return the description, or {@code null} if nothing failed
	 */
	public @Nullable String lastFailure() {
		return this.sharing.lastFailure();
	}

	/**
	 * Returns the tokens taken from Redis instead of being loaded.
	 * @return the count
	 */
	public long sharedReads() {
		return this.loader.sharedReads();
	}

	/**
	 * Returns the loader calls made here under the cluster-wide lock.
	 * @return the count
	 */
	public long loaderCalls() {
		return this.loader.loaderCalls();
	}

	/**
	 * Returns the loader calls made here without Redis, in local mode.
	 * @return the count
	 */
	public long localLoads() {
		return this.loader.localLoads();
	}

	/**
	 * Returns the loaded tokens not written because a put, invalidation or clear changed the
	 * key meanwhile, on any instance.
	 * @return the count
	 */
	public long discardedWrites() {
		return this.loader.discardedWrites();
	}

	/**
	 * Returns this instance's id in messages and lock values.
	 * @return the id
	 */
	public String instanceId() {
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
			if (decoded != null && decoded.sender().equals(RedisTier.this.instanceId)) {
				RedisTier.this.heard = System.nanoTime();
			}
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
