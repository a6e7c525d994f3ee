package io.tokencache.autoconfigure.redis;

import io.tokencache.redis.TestRedis;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** A connection of the test's own, to look at and change what the tier stored. */
final class RawRedis implements AutoCloseable {

	private final LettuceConnectionFactory factory;

	final StringRedisTemplate template;

	RawRedis(TestRedis redis) {
		this.factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(redis.host(), redis.port()));
		this.factory.afterPropertiesSet();
		this.factory.start();
		this.template = new StringRedisTemplate(this.factory);
	}

	@Override
	public void close() {
		this.factory.destroy();
	}

}
