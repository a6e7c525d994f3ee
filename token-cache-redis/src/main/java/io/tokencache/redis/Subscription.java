package io.tokencache.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.SubscriptionListener;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * One instance's subscription to the tier's channel, and whether it still works. The instance
 * sends itself a heartbeat every {@link Sharing#PROBE_INTERVAL}; a subscription that has not
 * delivered a message of this instance's own for {@link #SILENCE} is lost, even if the client
 * still calls it listening.
 * <p>
 * It has no thread of its own. Lettuce subscribes without blocking a thread and delivers each
 * message on its connection's I/O thread, in the order received; the container hands it on
 * there ({@link SyncTaskExecutor}), since applying a message only drops local tokens and wakes
 * a waiting load, which never blocks. What must call Redis after a resubscription, the
 * reconciliation, is handed on by its callback. A connection factory whose subscription blocks
 * a thread, such as Jedis's, cannot serve the tier.
 */
final class Subscription implements AutoCloseable {

	/** Without a message of its own heard for this long, the subscription is lost. */
	static final Duration SILENCE = Sharing.PROBE_INTERVAL.multipliedBy(3);

	private static final Log logger = LogFactory.getLog(Subscription.class);

	private final RedisConnectionFactory connectionFactory;

	private final String channel;

	private final String instanceId;

	private final Consumer<TierMessage> onMessage;

	private final Runnable onResubscribed;

	private final AtomicBoolean subscribed = new AtomicBoolean();

	private volatile @Nullable RedisMessageListenerContainer container;

	/** When this instance last heard a message of its own, or subscribed; {@link System#nanoTime()}. */
	private volatile long heard = System.nanoTime();

	/**
	 * @param onMessage applies each message, in the order received, on the client's I/O thread:
	 * it must not block
	 * @param onResubscribed runs after every subscription but the first, since messages sent
	 * while it was down are lost, on the client's I/O thread: it must not block
	 */
	Subscription(RedisConnectionFactory connectionFactory, String channel, String instanceId,
			Consumer<TierMessage> onMessage, Runnable onResubscribed) {
		this.connectionFactory = connectionFactory;
		this.channel = channel;
		this.instanceId = instanceId;
		this.onMessage = onMessage;
		this.onResubscribed = onResubscribed;
	}

	/**
	 * Subscribes with a new container, since one whose first subscription failed does not try
	 * again; once subscribed, the client resubscribes by itself after a reconnect.
	 * @throws RedisUnavailableException if it could not subscribe
	 */
	synchronized void subscribe() {
		RedisMessageListenerContainer previous = this.container;
		if (previous != null) {
			destroyQuietly(previous);
		}
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(this.connectionFactory);
		container.setRecoveryInterval(Sharing.PROBE_INTERVAL.toMillis());
		// On the client's I/O thread, in the order received: see the class's Javadoc.
		container.setTaskExecutor(new SyncTaskExecutor());
		container.setSubscriptionExecutor(new SyncTaskExecutor());
		container.setBeanName("token-cache-redis-" + this.instanceId.substring(0, 8));
		container.addMessageListener(new Listener(), new ChannelTopic(this.channel));
		container.afterPropertiesSet();
		this.container = container;
		try {
			container.start();
			this.heard = System.nanoTime();
		}
		catch (RuntimeException ex) {
			throw new RedisUnavailableException("could not subscribe to " + this.channel, ex);
		}
	}

	boolean isListening() {
		RedisMessageListenerContainer container = this.container;
		return container != null && container.isListening();
	}

	/** Whether no message of this instance's own has arrived for {@link #SILENCE}. */
	boolean isSilent() {
		return System.nanoTime() - this.heard > SILENCE.toNanos();
	}

	@Override
	public void close() {
		RedisMessageListenerContainer container = this.container;
		if (container != null) {
			destroyQuietly(container);
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

	/** Receives the tier's messages and notes the instance's own. */
	private final class Listener implements MessageListener, SubscriptionListener {

		@Override
		public void onMessage(Message message, byte @Nullable [] pattern) {
			TierMessage decoded = TierMessage.decode(new String(message.getBody(), StandardCharsets.UTF_8));
			if (decoded == null) {
				return;
			}
			if (decoded.sender().equals(Subscription.this.instanceId)) {
				Subscription.this.heard = System.nanoTime();
			}
			Subscription.this.onMessage.accept(decoded);
		}

		@Override
		public void onChannelSubscribed(byte[] channel, long count) {
			if (!Subscription.this.subscribed.compareAndSet(false, true)) {
				Subscription.this.onResubscribed.run();
			}
		}

		@Override
		public void onChannelUnsubscribed(byte[] channel, long count) {
			logger.debug("Redis tier unsubscribed from its channel");
		}

	}

}
