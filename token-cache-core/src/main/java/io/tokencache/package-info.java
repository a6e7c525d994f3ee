/**
 * A cache for OAuth2/OIDC access tokens, with no Spring dependency.
 *
 * <p>Start with {@link io.tokencache.TokenCache#builder()}. Everything that is not part of the
 * contract is package-private.
 */
@NullMarked
package io.tokencache;

import org.jspecify.annotations.NullMarked;
