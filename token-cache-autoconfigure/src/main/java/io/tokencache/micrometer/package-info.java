/**
 * Micrometer meters and observations for {@link io.tokencache.TokenCache}, with no Spring
 * dependency. {@link io.tokencache.micrometer.ObservedTokenLoads} makes each load an
 * observation through the core's {@link io.tokencache.LoadDecorator} hook.
 *
 * <p>They live here, in {@code token-cache-autoconfigure} with {@code micrometer-core} optional,
 * rather than in {@code token-cache-core}: the core depends on JSpecify only, and its build
 * fails if anything else enters it. Instead the core offers
 * {@link io.tokencache.StatsRecorder}, a hook in the spirit of Caffeine's {@code StatsCounter},
 * and cheap reads ({@link io.tokencache.TokenCache#counters()},
 * {@link io.tokencache.TokenCache#estimatedSize()}); anyone can implement the hook for another
 * metrics library, and {@link io.tokencache.micrometer.TokenCacheMetrics} is the Micrometer
 * implementation. Applications outside Spring Boot can still use it: depend on this module
 * and {@code micrometer-core}, and call {@code new TokenCacheMetrics(cache, name, tags).bindTo(registry)}.
 */
@NullMarked
package io.tokencache.micrometer;

import org.jspecify.annotations.NullMarked;
