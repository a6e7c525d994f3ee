package io.tokencache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * A {@link LoadDecorator} sees each load once, on the thread that starts it, and its loader runs
 * on the executor in place of the caller's. Time is a fake ticker.
 */
@Timeout(30)
class LoadDecoratorTests {

	private final FakeTicker ticker = new FakeTicker();

	private final List<String> decorated = new CopyOnWriteArrayList<>();

	private final List<String> ran = new CopyOnWriteArrayList<>();

	private final LoadDecorator decorator = (key, loader, refresh) -> {
		this.decorated.add(key + (refresh ? " refresh" : " miss") + " on " + Thread.currentThread().getName());
		return (k) -> {
			this.ran.add(k + " on " + Thread.currentThread().getName());
			return loader.load(k);
		};
	};

	private final DefaultTokenCache cache = (DefaultTokenCache) TestCaches.builder(this.ticker)
		.refreshAhead(Duration.ofMinutes(4))
		.loadDecorator(this.decorator)
		.build();

	@AfterEach
	void close() {
		this.cache.close();
	}

	@Test
	void missIsDecoratedOnTheCallingThreadAndRunsOnTheExecutor() {
		String caller = Thread.currentThread().getName();
		assertThat(this.cache.get("k", (key) -> AccessToken.of("token", 3600))).isEqualTo("token");
		assertThat(this.cache.get("k", (key) -> AccessToken.of("other", 3600))).isEqualTo("token");
		assertThat(this.decorated).containsExactly("k miss on " + caller);
		assertThat(this.ran).singleElement().asString().startsWith("k on ").isNotEqualTo("k on " + caller);
	}

	@Test
	void refreshAheadIsDecoratedAsARefresh() throws Exception {
		CountDownLatch refreshed = new CountDownLatch(1);
		this.cache.put("k", "current", Duration.ofHours(1));
		this.ticker.advance(Duration.ofMinutes(53));
		assertThat(this.cache.get("k", (key) -> {
			refreshed.countDown();
			return AccessToken.of("fresh", 3600);
		})).isEqualTo("current");
		assertThat(refreshed.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.decorated).singleElement().asString().startsWith("k refresh on ");
	}

	@Test
	void decoratorThatThrowsFailsTheLoadWithoutStickingTheKey() {
		RuntimeException broken = new IllegalStateException("broken decorator");
		DefaultTokenCache failing = (DefaultTokenCache) TestCaches.builder(this.ticker)
			.backoff(Duration.ZERO, Duration.ZERO)
			.loadDecorator((key, loader, refresh) -> {
				throw broken;
			})
			.build();
		assertThatExceptionOfType(TokenLoadException.class)
			.isThrownBy(() -> failing.get("k", (key) -> AccessToken.of("token", 3600)))
			.withCause(broken);
		assertThat(failing.isLoading("k")).isFalse();
		failing.close();
	}

	@Test
	void decoratorIsRequiredAndSetOnce() {
		assertThatNullPointerException().isThrownBy(() -> TokenCache.builder().loadDecorator(null))
			.withMessage("loadDecorator");
		assertThatIllegalStateException()
			.isThrownBy(() -> TokenCache.builder().loadDecorator(this.decorator).loadDecorator(this.decorator))
			.withMessageStartingWith("loadDecorator was already set to ");
	}

}
