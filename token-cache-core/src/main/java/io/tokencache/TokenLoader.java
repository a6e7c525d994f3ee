package io.tokencache;

/**
 * Fetches a fresh token for a key, typically with an OAuth2 client-credentials request.
 *
 * <p>{@link TokenCache#get(String, TokenLoader)} calls a loader at most once per key at a time, so
 * a loader does not need its own locking. Any exception it throws, a {@code null} result, or an
 * {@link AccessToken} it cannot build counts as a failed load.
 */
@FunctionalInterface
public interface TokenLoader {

	/**
	 * Loads a token for the key.
	 * @param key the key the caller asked for
	 * @return the token and its lifetime
	 * @throws Exception when no token can be obtained
	 */
	AccessToken load(String key) throws Exception;

}
