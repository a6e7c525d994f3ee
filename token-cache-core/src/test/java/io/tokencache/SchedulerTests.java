package io.tokencache;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The JVM's one background thread: started by the first user, shared by all, stopped and
 * joined when the last one leaves. Each test uses a scheduler of its own on a fake clock, so
 * that caches of other tests do not hold it.
 */
class SchedulerTests {

	private final FakeTicker ticker = new FakeTicker();

	private final TickerThreads tickerThreads = new TickerThreads(this.ticker);

	private final CoarseClock clock = new CoarseClock(this.tickerThreads);

	private final Scheduler scheduler = new Scheduler(this.clock);

	@Test
	void firstUserStartsAThreadThatAdvancesTheClock() throws InterruptedException {
		this.scheduler.acquire();
		try {
			Thread thread = this.tickerThreads.awaitReader(Scheduler.THREAD_NAME);
			assertThat(thread.isDaemon()).isTrue();
			this.ticker.advance(Duration.ofSeconds(1));
			// The second read starts after the first tick that read the new time has published it.
			this.tickerThreads.awaitReader(Scheduler.THREAD_NAME);
			this.tickerThreads.awaitReader(Scheduler.THREAD_NAME);
			assertThat(this.clock.now()).isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
		}
		finally {
			this.scheduler.release();
		}
	}

	@Test
	void tenUsersShareOneThreadThatEndsWithTheLastRelease() throws InterruptedException {
		Set<Thread> runners = ConcurrentHashMap.newKeySet();
		CountDownLatch ran = new CountDownLatch(10);
		for (int i = 0; i < 10; i++) {
			this.scheduler.acquire();
			this.scheduler.schedule(() -> {
				runners.add(Thread.currentThread());
				ran.countDown();
			}, 0);
		}
		assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
		assertThat(runners).hasSize(1);
		Thread thread = runners.iterator().next();
		for (int i = 0; i < 9; i++) {
			this.scheduler.release();
		}
		assertThat(thread.isAlive()).isTrue();
		this.scheduler.release();
		assertThat(thread.isAlive()).isFalse();
		assertThat(this.scheduler.users()).isZero();
	}

	@Test
	void reacquiringStartsANewThreadAndCatchesTheClockUpAtOnce() throws InterruptedException {
		this.scheduler.acquire();
		Thread first = this.tickerThreads.awaitReader(Scheduler.THREAD_NAME);
		this.scheduler.release();
		this.ticker.advance(Duration.ofHours(1));
		this.scheduler.acquire();
		try {
			assertThat(this.clock.now()).isEqualTo(Duration.ofHours(1).toNanos() + CoarseClock.LEAD_NANOS);
			Thread second = this.tickerThreads.awaitReader(Scheduler.THREAD_NAME);
			assertThat(second).isNotSameAs(first);
			assertThat(first.isAlive()).isFalse();
		}
		finally {
			this.scheduler.release();
		}
	}

	@Test
	void periodicTaskRunsUntilCancelled() throws InterruptedException {
		this.scheduler.acquire();
		try {
			CountDownLatch runs = new CountDownLatch(3);
			this.scheduler.scheduleWithFixedDelay(runs::countDown, Duration.ofMillis(1).toNanos());
			assertThat(runs.await(30, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			this.scheduler.release();
		}
	}

	@Test
	void releasingMoreOftenThanAcquiredFails() {
		assertThatIllegalStateException().isThrownBy(this.scheduler::release).withMessageContaining("released");
	}

	@Test
	void schedulingWithoutAUserFails() {
		assertThatIllegalStateException().isThrownBy(() -> this.scheduler.schedule(() -> {
		}, 0)).withMessageContaining("not acquired");
	}

	@Test
	void realTimeCachesShareTheOneSchedulerOfTheJvm() {
		int before = Scheduler.shared().users();
		TokenCache first = TokenCache.builder().build();
		TokenCache second = TokenCache.builder().build();
		try {
			assertThat(Scheduler.shared().users()).isEqualTo(before + 2);
			assertThat(CacheThreads.alive()).hasSize(1);
		}
		finally {
			first.close();
			second.close();
		}
		assertThat(Scheduler.shared().users()).isEqualTo(before);
	}

	/**
	 * A cache on a custom ticker that does not step (not a fake one) has its clock attached to
	 * the scheduler: each tick advances it too, and runs its deadlines on the scheduler's thread,
	 * never before the ticker reaches them.
	 */
	@Test
	void ticksAdvanceAnAttachedClockAndRunItsDeadlinesWhenDue() throws InterruptedException {
		FakeTicker custom = new FakeTicker();
		TickerThreads customThreads = new TickerThreads(custom);
		CoarseClock attached = new CoarseClock(customThreads);
		AtomicReference<Thread> ranOn = new AtomicReference<>();
		CountDownLatch ran = new CountDownLatch(1);
		attached.schedule(Duration.ofSeconds(1).toNanos(), () -> {
			ranOn.set(Thread.currentThread());
			ran.countDown();
		});
		this.scheduler.acquire();
		this.scheduler.attach(attached);
		try {
			custom.advance(Duration.ofSeconds(1).minusNanos(1));
			customThreads.awaitReader(Scheduler.THREAD_NAME);
			customThreads.awaitReader(Scheduler.THREAD_NAME);
			assertThat(attached.now()).isEqualTo(Duration.ofSeconds(1).minusNanos(1).toNanos() + CoarseClock.LEAD_NANOS);
			assertThat(ran.getCount()).as("run before it is due").isOne();
			custom.advanceNanos(1);
			assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
			assertThat(ranOn.get().getName()).isEqualTo(Scheduler.THREAD_NAME);
		}
		finally {
			this.scheduler.detach(attached);
			this.scheduler.release();
		}
	}

	/** A custom ticker that throws on a tick cannot end the ticks of every other clock. */
	@Test
	void aTickerThatThrowsDoesNotStopTheTicks() throws InterruptedException {
		CoarseClock broken = new CoarseClock(() -> {
			if (Thread.currentThread().getName().equals(Scheduler.THREAD_NAME)) {
				throw new IllegalStateException("ticker broken");
			}
			return 0;
		});
		this.scheduler.acquire();
		this.scheduler.attach(broken);
		try {
			this.tickerThreads.awaitReader(Scheduler.THREAD_NAME);
			this.tickerThreads.awaitReader(Scheduler.THREAD_NAME);
			this.tickerThreads.awaitReader(Scheduler.THREAD_NAME);
		}
		finally {
			this.scheduler.detach(broken);
			this.scheduler.release();
		}
	}

	/** A ticker that reports the thread which reads it next, so a test can wait for the ticks. */
	static final class TickerThreads implements Ticker {

		private final Ticker source;

		private final AtomicReference<CountDownLatch> read = new AtomicReference<>(new CountDownLatch(1));

		private final AtomicReference<Thread> reader = new AtomicReference<>();

		TickerThreads(Ticker source) {
			this.source = source;
		}

		@Override
		public long read() {
			if (Thread.currentThread().getName().equals(Scheduler.THREAD_NAME)) {
				this.reader.set(Thread.currentThread());
				this.read.get().countDown();
			}
			return this.source.read();
		}

		/** Waits until the named thread reads the ticker after this call starts, and returns it. */
		Thread awaitReader(String name) throws InterruptedException {
			CountDownLatch latch = new CountDownLatch(1);
			this.read.set(latch);
			assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
			Thread thread = this.reader.get();
			assertThat(thread.getName()).isEqualTo(name);
			return thread;
		}

	}

}
