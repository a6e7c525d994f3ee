/**
 * A runnable sample of the token-cache starter.
 */
@NullMarked
package io.tokencache.sample;

import org.jspecify.annotations.NullMarked;
