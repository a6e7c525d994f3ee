/**
 * The Redis tier: a {@link io.tokencache.SharedTier} on Spring Data Redis, so that one token
 * fetch per key serves every instance of a service. {@link io.tokencache.redis.RedisTier} is
 * the entry point; Spring Boot's auto-configuration of it lives in
 * {@code token-cache-autoconfigure}.
 */
@NullMarked
package io.tokencache.redis;

import org.jspecify.annotations.NullMarked;
