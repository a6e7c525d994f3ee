/**
 * Caching of Spring Security's OAuth2 client-credentials tokens in the application's
 * {@link io.tokencache.TokenCache}: one token request per client registration and token
 * lifetime, whatever the number of concurrent callers or principals.
 */
@NullMarked
package io.tokencache.security;

import org.jspecify.annotations.NullMarked;
