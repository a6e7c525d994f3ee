/**
 * The sample's own API: it calls a protected downstream API with a bearer token that the
 * {@link io.tokencache.TokenCache} loads once through an OAuth2 client-credentials request.
 */
@NullMarked
package io.tokencache.sample.greeting;

import org.jspecify.annotations.NullMarked;
