/**
 * A stand-in identity provider and protected API, served by the sample itself so that it runs
 * anywhere. Turned off with {@code sample.demo.enabled=false} when the sample points at real ones.
 */
@NullMarked
package io.tokencache.sample.demo;

import org.jspecify.annotations.NullMarked;
