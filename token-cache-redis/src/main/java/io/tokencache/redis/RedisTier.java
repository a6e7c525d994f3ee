package io.tokencache.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.tokencache.SharedTier;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

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

	/** The first operation connects, which takes longer than an operation on an open connection. */
	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private final String instanceId = UUID.randomUUID().toString();

	private final RedisCalls calls;

	private final Sharing sharing;

	private final KeyNames names;

	private final SharedTokens tokens;

	private final SharedLoader loader;

	private final RedisSharedTier tier;

	private final Subscription subscription;

	private volatile boolean running;

	/**
	 * Creates the tier; it connects and subscribes in {@link #afterPropertiesSet()}.
	 * @param connectionFactory the connection to Redis, standalone or cluster; it must also be a
	 * {@link ReactiveRedisConnectionFactory}, as Lettuce's is, since every Redis call runs on the
	 * reactive API and no thread of the tier waits for one
	 * @param settings the settings, the same on every instance that shares
	 * @param clock the wall clock that sealed expiries are written and checked with
	 * @throws IllegalArgumentException if the connection factory is not reactive, such as Jedis's
	 */
	public RedisTier(RedisConnectionFactory connectionFactory, RedisTierSettings settings, Clock clock) {
		if (!(connectionFactory instanceof ReactiveRedisConnectionFactory reactive)) {
			throw new IllegalArgumentException(notReactive(connectionFactory));
		}
		this.calls = new RedisCalls(settings.timeout());
		this.sharing = new Sharing(clock);
		byte[] encryptionKey = settings.encryptionKey();
		TokenCipher cipher = (encryptionKey != null) ? TokenCipher.aesGcm(encryptionKey) : TokenCipher.plain();
		this.names = new KeyNames(settings.keyPrefix(), encryptionKey);
		this.tokens = new SharedTokens(new ReactiveStringRedisTemplate(reactive), this.calls, cipher, this.names,
				clock);
		this.loader = new SharedLoader(this.tokens, this.sharing, this.instanceId, settings.lockLease(),
				settings.pollInterval());
		this.tier = new RedisSharedTier(this.tokens, this.loader, this.sharing, this.instanceId, clock);
		this.subscription = new Subscription(connectionFactory, this.names.channel(), this.instanceId,
				this.tier::onMessage, () -> {
					if (this.sharing.isShared()) {
						this.sharing.background(this.tier::reconcile);
					}
				});
		this.sharing.onProbe(this::reconnect, this.tier::replay);
		this.sharing.onHeartbeat(this::heartbeat);
	}

	/**
	 * Explains why a connection factory cannot serve the tier.
	 * @param connectionFactory a factory that is not a {@link ReactiveRedisConnectionFactory}
	 * @return the message, naming its type and the fix
	 */
	public static String notReactive(RedisConnectionFactory connectionFactory) {
		return "The Redis tier needs a connection factory that is also a ReactiveRedisConnectionFactory, such as "
				+ "Lettuce's LettuceConnectionFactory, but got " + connectionFactory.getClass().getName()
				+ ": use the Lettuce client (Spring Boot's default: remove Jedis, or set "
				+ "spring.data.redis.client-type=lettuce)";
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

	/**
	 * Connects and subscribes; if Redis is down, the tier starts in local mode. The heartbeat,
	 * and the probe, start on the cache's background thread once a cache binds the tier.
	 */
	@Override
	public void afterPropertiesSet() {
		connect();
	}

	/**
	 * Detects a subscription lost while commands still work, which no failed command reveals:
	 * then this instance goes local, and the probe subscribes again and reconciles. Otherwise it
	 * sends the next heartbeat, without waiting for it: this runs on the cache's background
	 * thread.
	 */
	private void heartbeat() {
		if (!this.sharing.isShared()) {
			return;
		}
		if (this.subscription.isSilent()) {
			throw new RedisUnavailableException("no message of its own heard on " + this.names.channel() + " for "
					+ Subscription.SILENCE.toSeconds() + "s: the subscription is lost", null);
		}
		this.tokens.publishAsync(new TierMessage(TierMessage.Kind.HEARTBEAT, this.instanceId, ""))
			.subscribe(null, (ex) -> this.sharing.failed((ex instanceof RedisUnavailableException unavailable)
					? unavailable : new RedisUnavailableException("the heartbeat failed", ex)));
	}

	/**
	 * Opens the shared connection and the subscription while the application starts, not in its
	 * first caller's miss. If Redis is down the application starts anyway, in local mode.
	 */
	private void connect() {
		try {
			this.tokens.ping(CONNECT_TIMEOUT);
			this.subscription.subscribe();
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
		if (!this.subscription.isListening() || this.subscription.isSilent()) {
			this.subscription.subscribe();
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
		return this.subscription.isListening();
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
		this.tier.close();
		this.subscription.close();
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

}
