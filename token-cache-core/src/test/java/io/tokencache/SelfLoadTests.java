package io.tokencache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A loader that calls {@code get(key, loader)} for the key it is loading, on its own thread,
 * would wait for itself: it gets an {@link IllegalStateException} naming the key at once. Time
 * is a fake ticker that never moves, so only this detection, not the load timeout, can end such
 * a call.
 */
class SelfLoadTests {

	private final FakeTicker ticker = new FakeTicker();

	private final TokenCache cache = TestCaches.build(this.ticker);

	@AfterEach
	void close() {
		this.cache.close();
	}

	@Test
	void loaderCallingGetForItsOwnKeyGetsIllegalStateExceptionAtOnce() {
		AtomicReference<Throwable> seenByLoader = new AtomicReference<>();
		TokenLoader recursive = new TokenLoader() {
			@Override
			public AccessToken load(String key) {
				try {
					SelfLoadTests.this.cache.get(key, this);
				}
				catch (IllegalStateException ex) {
					seenByLoader.set(ex);
					throw ex;
				}
				throw new AssertionError("unreachable");
			}
		};
		assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> this.cache.get("tenant/api", recursive))
			.havingCause()
			.isSameAs(seenByLoader.get())
			.isInstanceOf(IllegalStateException.class)
			.withMessage("The TokenLoader for key 'tenant/api' called get(key, loader) for the same key: "
					+ "it would wait for its own load");
	}

	@Test
	void detectedWithAnExecutorThatRunsOnTheCallersThreadToo() {
		TokenCache direct = TestCaches.builder(this.ticker).executor(Runnable::run).build();
		TokenLoader recursive = (key) -> AccessToken.of(direct.get(key, (k) -> AccessToken.of("inner", 60)), 60);
		assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> direct.get("k", recursive))
			.withCauseInstanceOf(IllegalStateException.class);
		direct.close();
	}

	@Test
	void loaderMayGetAnotherKey() {
		TokenLoader outer = (key) -> AccessToken.of("outer+" + this.cache.get("inner", (k) -> AccessToken.of("in", 60)),
				60);
		assertThat(this.cache.get("outer", outer)).isEqualTo("outer+in");
	}

	@Test
	void loaderMayGetTheSameKeyOfAnotherCache() {
		TokenCache other = TestCaches.build(this.ticker);
		TokenLoader outer = (key) -> AccessToken.of("outer+" + other.get(key, (k) -> AccessToken.of("other", 60)), 60);
		assertThat(this.cache.get("k", outer)).isEqualTo("outer+other");
		other.close();
	}

	@Test
	void sameThreadMayGetTheKeyAgainAfterItsLoad() {
		assertThat(this.cache.get("k", (key) -> AccessToken.of("token", 60))).isEqualTo("token");
		this.cache.invalidate("k");
		assertThat(this.cache.get("k", (key) -> new AccessToken("again", Duration.ofMinutes(1)))).isEqualTo("again");
	}

}
