package io.tokencache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * A {@link SharedTier} is a step of the cache's one load path: every load, refresh-ahead
 * included, goes through it, hits do not, and a drop from the tier overtakes a load in progress.
 * The tier here is a map in memory that records what the cache asked of it.
 */
@Timeout(10)
class SharedTierTests {

	private static final Duration TTL = Duration.ofHours(1);

	private final FakeTicker ticker = new FakeTicker();

	private final RecordingTier tier = new RecordingTier();

	private final DefaultTokenCache cache = (DefaultTokenCache) TestCaches.builder(this.ticker)
		.refreshAhead(Duration.ofMinutes(4))
		.sharedTier(this.tier)
		.build();

	private final AtomicInteger loaderCalls = new AtomicInteger();

	private final TokenLoader loader = (key) -> AccessToken.of("loaded-" + this.loaderCalls.incrementAndGet(), 3600);

	private final ExecutorService callers = Executors.newCachedThreadPool();

	@AfterEach
	void close() {
		this.callers.shutdownNow();
		this.cache.close();
	}

	@Test
	void missLoadsThroughTheTierAndHitsDoNotReachIt() {
		assertThat(this.cache.get("k", this.loader)).isEqualTo("loaded-1");
		assertThat(this.cache.get("k", this.loader)).isEqualTo("loaded-1");
		assertThat(this.cache.get("k")).contains("loaded-1");
		assertThat(this.tier.calls).containsExactly("load k held=null");
		assertThat(this.cache.counters().loadSuccessCount()).isOne();
	}

	@Test
	void sharedTokenIsServedWithoutCallingTheLoader() {
		this.tier.shared = new AccessToken("shared", TTL);
		assertThat(this.cache.get("k", this.loader)).isEqualTo("shared");
		assertThat(this.loaderCalls).hasValue(0);
	}

	@Test
	void refreshAheadIsALoadThroughTheTierThatNamesTheTokenItReplaces() throws Exception {
		this.cache.get("k", this.loader);
		this.ticker.advance(Duration.ofMinutes(53));
		assertThat(this.cache.get("k", this.loader)).isEqualTo("loaded-1");
		awaitIdle("k");
		assertThat(this.tier.calls).containsExactly("load k held=null", "load k held=loaded-1");
		assertThat(this.cache.get("k")).contains("loaded-2");
		assertThat(this.cache.counters().refreshCount()).isOne();
	}

	@Test
	void getIfPresentRefreshesAheadButNeverLoadsOnAMiss() throws Exception {
		assertThat(this.cache.getIfPresent("k", this.loader)).isEmpty();
		assertThat(this.tier.calls).isEmpty();
		this.cache.put("k", "put", TTL);
		this.ticker.advance(Duration.ofMinutes(53));
		assertThat(this.cache.getIfPresent("k", this.loader)).contains("put");
		awaitIdle("k");
		assertThat(this.tier.calls).containsExactly("put k", "load k held=put");
	}

	@Test
	void putInvalidateAndClearGoThroughTheTier() {
		this.cache.put("k", "put", TTL);
		this.cache.invalidate("k");
		this.cache.clear();
		assertThat(this.tier.calls).containsExactly("put k", "invalidate k", "clear");
	}

	@Test
	void dropFromTheTierDuringALoadMakesItAskTheTierAgain() throws Exception {
		CountDownLatch inLoad = new CountDownLatch(1);
		CountDownLatch dropped = new CountDownLatch(1);
		TokenLoader held = (key) -> {
			int call = this.loaderCalls.incrementAndGet();
			if (call == 1) {
				inLoad.countDown();
				dropped.await();
			}
			return AccessToken.of("loaded-" + call, 3600);
		};
		Future<String> caller = this.callers.submit(() -> this.cache.get("k", held));
		assertThat(inLoad.await(5, TimeUnit.SECONDS)).isTrue();
		this.tier.local.drop("k");
		dropped.countDown();
		assertThat(caller.get(5, TimeUnit.SECONDS)).isEqualTo("loaded-2");
		assertThat(this.cache.get("k")).contains("loaded-2");
	}

	@Test
	void dropWithoutALoadRemovesTheLocalTokenOnly() {
		this.cache.put("k", "put", TTL);
		this.tier.local.drop("k");
		assertThat(this.cache.get("k")).isEmpty();
		assertThat(this.tier.calls).containsExactly("put k");
	}

	@Test
	void localViewListsUsableTokensWithTheirLifetime() {
		this.cache.put("b", "put-b", TTL);
		this.cache.put("a", "put-a", TTL);
		this.ticker.advance(Duration.ofMinutes(10));
		assertThat(this.tier.local.keys()).containsExactly("a", "b");
		AccessToken held = this.tier.local.held("a");
		assertThat(held).isNotNull();
		assertThat(held.value()).isEqualTo("put-a");
		assertThat(held.expiresIn()).isEqualTo(Duration.ofMinutes(50));
		assertThat(this.tier.local.held("missing")).isNull();
		this.tier.local.dropAll();
		assertThat(this.tier.local.keys()).isEmpty();
	}

	/**
	 * A token past its refresh point is still served if a load fails, so a change made
	 * elsewhere must reach it: the tier keeps acting on its key until it expires.
	 */
	@Test
	void localViewListsTokensKeptForStaleOnErrorUntilTheyExpire() {
		this.cache.put("stale", "put-stale", Duration.ofMinutes(10), Duration.ofMinutes(5));
		this.ticker.advance(Duration.ofMinutes(6));
		assertThat(this.cache.get("stale")).isEmpty();
		assertThat(this.tier.local.keys()).containsExactly("stale");
		assertThat(this.tier.local.held("stale")).isNull();
		this.ticker.advance(Duration.ofMinutes(4));
		assertThat(this.tier.local.keys()).isEmpty();
	}

	@Test
	void builderRejectsANullOrSecondTier() {
		assertThatNullPointerException().isThrownBy(() -> TokenCache.builder().sharedTier(null))
			.withMessage("sharedTier");
		TokenCacheBuilder builder = TokenCache.builder().sharedTier(new RecordingTier());
		assertThatIllegalStateException().isThrownBy(() -> builder.sharedTier(new RecordingTier()))
			.withMessageContaining("sharedTier was already set");
	}

	private void awaitIdle(String key) throws InterruptedException {
		while (this.cache.isLoading(key)) {
			Thread.onSpinWait();
		}
	}

	/** A shared store of one token, which records the calls the cache makes. */
	static final class RecordingTier implements SharedTier {

		final List<String> calls = new CopyOnWriteArrayList<>();

		volatile @Nullable AccessToken shared;

		LocalTokens local;

		@Override
		public void bind(LocalTokens local) {
			this.local = local;
		}

		@Override
		public AccessToken load(String key, TokenLoader loader, @Nullable String held) throws Exception {
			this.calls.add("load " + key + " held=" + held);
			AccessToken shared = this.shared;
			return (shared != null && !shared.value().equals(held)) ? shared : loader.load(key);
		}

		@Override
		public void put(String key, AccessToken token, Duration refreshBuffer) {
			this.calls.add("put " + key);
		}

		@Override
		public void invalidate(String key) {
			this.calls.add("invalidate " + key);
		}

		@Override
		public void clear() {
			this.calls.add("clear");
		}

	}

}
