/**
 * The Redis tier: one token fetch per key across every instance of a service, through Spring
 * Data Redis and Boot's auto-configured connection.
 */
@NullMarked
package io.tokencache.autoconfigure.redis;

import org.jspecify.annotations.NullMarked;
