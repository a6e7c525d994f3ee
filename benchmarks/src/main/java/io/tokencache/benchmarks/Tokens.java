package io.tokencache.benchmarks;

import java.time.Duration;

import io.tokencache.AccessToken;

/**
 * The keys and tokens every benchmark uses, so that all caches read the same strings.
 */
final class Tokens {

	/** The hit-path and put benchmarks spread their operations over this many keys. */
	static final int KEY_COUNT = 1_000;

	/** Long enough that nothing expires during a run. */
	static final Duration TTL = Duration.ofHours(1);

	/** TokenCache's default; Caffeine's {@link UsableWindow} applies the same rule. */
	static final Duration REFRESH_BUFFER = Duration.ofMinutes(5);

	private Tokens() {
	}

	static String[] keys(int count) {
		String[] keys = new String[count];
		for (int i = 0; i < count; i++) {
			keys[i] = "client-registration-" + i;
		}
		return keys;
	}

	/** Distinct strings shaped like a short JWT; their content does not matter to any cache. */
	static String token(int i) {
		return "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjbGllbnQtJ30." + Integer.toHexString(i * 0x9E3779B1);
	}

	/** A token as a token response yields it: each with its own lifetime object. */
	static AccessToken accessToken(int i) {
		return new AccessToken(token(i), Duration.ofSeconds(TTL.getSeconds()));
	}

}
