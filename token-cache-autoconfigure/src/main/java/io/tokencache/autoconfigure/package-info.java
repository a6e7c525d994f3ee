/**
 * Auto-configuration of {@link io.tokencache.TokenCache} for Spring Boot.
 */
@NullMarked
package io.tokencache.autoconfigure;

import org.jspecify.annotations.NullMarked;
