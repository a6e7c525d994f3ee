/**
 * JMH benchmarks of {@link io.tokencache.TokenCache} against {@code ConcurrentHashMap} and
 * Caffeine, and a heap measurement. Run them with {@code benchmarks/run.sh}; the default build
 * compiles them and runs none.
 */
@NullMarked
package io.tokencache.benchmarks;

import org.jspecify.annotations.NullMarked;
