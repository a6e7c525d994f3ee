package io.tokencache;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A thread interrupted while it waits for a load, its own or one it joined, gets an exception and
 * keeps its interrupt flag; the load itself goes on, on the cache's executor, for everyone else.
 */
class InterruptTests {

	private final FakeTicker ticker = new FakeTicker();

	private final TokenCache cache = TestCaches.build(this.ticker);

	private final CountDownLatch loading = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	private final AtomicInteger calls = new AtomicInteger();

	private final TokenLoader blockingLoader = (key) -> {
		this.calls.incrementAndGet();
		this.loading.countDown();
		this.release.await();
		return AccessToken.of("token", 3600);
	};

	@AfterEach
	void releaseLoader() {
		this.release.countDown();
		Thread.interrupted();
	}

	@Test
	void waiterInterruptedWhileWaitingGetsExceptionAndKeepsItsFlag() throws Exception {
		Caller owner = Caller.start("owner", () -> this.cache.get("k", this.blockingLoader));
		this.loading.await();
		Caller waiter = Caller.start("waiter", () -> this.cache.get("k", this.blockingLoader));
		Waiting.untilParked(waiter.thread);
		waiter.thread.interrupt();
		assertThat(waiter.failure()).isInstanceOf(TokenLoadException.class)
			.hasMessage("Interrupted while waiting for the token of key 'k'")
			.hasCauseInstanceOf(InterruptedException.class);
		assertThat(waiter.interruptedAtEnd).isTrue();
		this.release.countDown();
		assertThat(owner.result()).isEqualTo("token");
	}

	@Test
	void interruptingOneWaiterDoesNotDisturbTheLoadOrOtherWaiters() throws Exception {
		Caller owner = Caller.start("owner", () -> this.cache.get("k", this.blockingLoader));
		this.loading.await();
		Caller interrupted = Caller.start("interrupted", () -> this.cache.get("k", this.blockingLoader));
		Caller patient = Caller.start("patient", () -> this.cache.get("k", this.blockingLoader));
		Waiting.untilParked(java.util.List.of(interrupted.thread, patient.thread));
		interrupted.thread.interrupt();
		assertThat(interrupted.failure()).isInstanceOf(TokenLoadException.class);
		this.release.countDown();
		assertThat(owner.result()).isEqualTo("token");
		assertThat(patient.result()).isEqualTo("token");
		assertThat(patient.interruptedAtEnd).isFalse();
		assertThat(this.cache.get("k")).contains("token");
		assertThat(this.calls).hasValue(1);
	}

	@Test
	void alreadyInterruptedThreadThatMustWaitFailsAtOnceAndKeepsItsFlag() throws Exception {
		Caller owner = Caller.start("owner", () -> this.cache.get("k", this.blockingLoader));
		this.loading.await();
		Thread.currentThread().interrupt();
		assertThatExceptionOfType(TokenLoadException.class)
			.isThrownBy(() -> this.cache.get("k", this.blockingLoader))
			.withCauseInstanceOf(InterruptedException.class);
		assertThat(Thread.interrupted()).isTrue();
		this.release.countDown();
		assertThat(owner.result()).isEqualTo("token");
	}

	@Test
	void callerThatStartedTheLoadAndIsInterruptedGetsExceptionWhileTheLoadGoesOn() throws Exception {
		Caller owner = Caller.start("owner", () -> this.cache.get("k", this.blockingLoader));
		this.loading.await();
		Waiting.untilParked(owner.thread);
		owner.thread.interrupt();
		assertThat(owner.failure()).isInstanceOf(TokenLoadException.class)
			.hasCauseInstanceOf(InterruptedException.class);
		assertThat(owner.interruptedAtEnd).isTrue();
		this.release.countDown();
		Waiting.until(() -> this.cache.get("k").isPresent(), "the load stored its token");
		assertThat(this.cache.get("k", this.blockingLoader)).isEqualTo("token");
		assertThat(this.calls).hasValue(1);
	}

	@Test
	void loaderInterruptedWhileLoadingFailsTheLoadButNotTheCallersThread() {
		assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> this.cache.get("k", (key) -> {
			throw new InterruptedException("cancelled");
		})).withCauseInstanceOf(InterruptedException.class);
		assertThat(Thread.interrupted()).isFalse();
		assertThat(this.cache.stats().loadFailureCount()).isOne();
	}

	@Test
	void interruptedLoaderStillFallsBackToAStaleToken() {
		this.cache.put("k", "stale", Duration.ofMinutes(10), Duration.ofMinutes(5));
		this.ticker.advance(Duration.ofMinutes(6));
		assertThat(this.cache.get("k", (key) -> {
			throw new InterruptedException("cancelled");
		})).isEqualTo("stale");
		assertThat(Thread.interrupted()).isFalse();
	}

}
