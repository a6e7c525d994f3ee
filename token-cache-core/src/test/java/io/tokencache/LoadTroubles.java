package io.tokencache;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Drives a cache with the default load settings through one refresh ahead of the refresh point
 * (key "crm"), one caller released by the load timeout (key "slow", whose loader keeps moving
 * the fake time past the timeout until the caller gives up) and one call during a backoff (key "broken"), so that every view of
 * the counters (stats, endpoint, meters) can check it counts exactly one of each. Public, and
 * shipped in this module's test jar, for the endpoint's and the meters' tests.
 */
public final class LoadTroubles {

	private LoadTroubles() {
	}

	public static void causeOneRefreshOneTimeoutAndOneBackoff(TokenCache cache, FakeTicker ticker) {
		cache.put("crm", "secret-crm", Duration.ofMinutes(10));
		ticker.advance(Duration.ofSeconds(270));
		assertThat(cache.get("crm", (key) -> AccessToken.of("secret-crm-2", 600))).isEqualTo("secret-crm");
		CountDownLatch release = new CountDownLatch(1);
		assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> cache.get("slow", (key) -> {
			// The caller may read the time for its deadline before or after a first move, so the
			// time keeps moving past the timeout until the caller has given up.
			do {
				ticker.advance(Duration.ofSeconds(6));
			}
			while (!release.await(10, TimeUnit.MILLISECONDS));
			return AccessToken.of("secret-slow", 600);
		})).withCauseInstanceOf(TimeoutException.class);
		release.countDown();
		TokenLoader failing = (key) -> {
			throw new IllegalStateException("down");
		};
		assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> cache.get("broken", failing));
		assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> cache.get("broken", failing));
	}

}
