/**
 * Micrometer meters for {@link io.tokencache.TokenCache}, with no Spring dependency.
 */
@NullMarked
package io.tokencache.micrometer;

import org.jspecify.annotations.NullMarked;
