package io.tokencache;

import java.time.Instant;

/**
 * What an operator may see of a cached token: never the token itself.
 *
 * <p>The instants are wall-clock times computed when this object is made. The cache measures
 * expiry on a monotonic clock, so these are reports, not the values it decides on.
 *
 * @param key the key
 * @param refreshAt when the cache stops returning the token and loads a new one
 * @param expiresAt when the token itself expires; until then it can still be served if a refresh
 * fails
 */
public record TokenEntryInfo(String key, Instant refreshAt, Instant expiresAt) {

}
