/**
 * The sample's own API: it calls a protected downstream API with a bearer token that Spring
 * Security's OAuth2 client gets with a client-credentials request, and that the starter caches.
 */
@NullMarked
package io.tokencache.sample.greeting;

import org.jspecify.annotations.NullMarked;
