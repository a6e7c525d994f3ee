/**
 * The {@code tokencache} actuator endpoint: what a {@link io.tokencache.TokenCache} holds and
 * how it performs, over HTTP and JMX, without ever a token value.
 */
@NullMarked
package io.tokencache.actuate;

import org.jspecify.annotations.NullMarked;
