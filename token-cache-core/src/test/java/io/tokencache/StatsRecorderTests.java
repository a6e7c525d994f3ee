package io.tokencache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A {@link StatsRecorder} given to the builder, or added to the built cache, receives every load
 * with its time on the cache's ticker; a failing recorder never fails a load.
 */
class StatsRecorderTests {

	private final FakeTicker ticker = new FakeTicker();

	private final Recording recording = new Recording();

	@Test
	void builderRecorderReceivesSuccessesAndFailuresWithTheirTimes() {
		TokenCache cache = TestCaches.builder(this.ticker).statsRecorder(this.recording).build();
		cache.get("ok", (key) -> {
			this.ticker.advance(Duration.ofMillis(300));
			return AccessToken.of("loaded", 60);
		});
		assertThatExceptionOfType(TokenLoadException.class).isThrownBy(() -> cache.get("bad", (key) -> {
			this.ticker.advance(Duration.ofMillis(20));
			throw new IllegalStateException("down");
		}));
		assertThat(this.recording.events).containsExactly("success " + Duration.ofMillis(300).toNanos(),
				"failure " + Duration.ofMillis(20).toNanos());
	}

	@Test
	void hitsAreNotReported() {
		TokenCache cache = TestCaches.builder(this.ticker).statsRecorder(this.recording).build();
		cache.put("k", "token", Duration.ofHours(1));
		cache.get("k");
		cache.get("k", (key) -> AccessToken.of("loaded", 60));
		assertThat(this.recording.events).isEmpty();
	}

	@Test
	void addedRecorderReceivesOnlyLaterLoadsAndCountersKeepEarlierOnes() {
		TokenCache cache = TestCaches.builder(this.ticker).build();
		cache.get("before", (key) -> AccessToken.of("loaded", 60));
		cache.addStatsRecorder(this.recording);
		cache.get("after", (key) -> AccessToken.of("loaded", 60));
		assertThat(this.recording.events).containsExactly("success 0");
		assertThat(cache.counters().loadSuccessCount()).isEqualTo(2);
	}

	@Test
	void builderRecorderAndAddedRecordersAllReceiveEachLoad() {
		Recording added = new Recording();
		TokenCache cache = TestCaches.builder(this.ticker).statsRecorder(this.recording).build();
		cache.addStatsRecorder(added);
		cache.get("k", (key) -> AccessToken.of("loaded", 60));
		assertThat(this.recording.events).containsExactly("success 0");
		assertThat(added.events).containsExactly("success 0");
	}

	@Test
	void recorderEqualToOneAlreadyAddedIsNotAddedAgain() {
		TokenCache cache = TestCaches.builder(this.ticker).build();
		cache.addStatsRecorder(this.recording);
		cache.addStatsRecorder(this.recording);
		cache.get("k", (key) -> AccessToken.of("loaded", 60));
		assertThat(this.recording.events).containsExactly("success 0");
	}

	@Test
	void recorderThatThrowsDoesNotFailTheLoadNorStopOtherRecorders() {
		StatsRecorder broken = new StatsRecorder() {
			@Override
			public void recordLoadSuccess(long loadTimeNanos) {
				throw new IllegalStateException("meter registry closed");
			}
		};
		TokenCache cache = TestCaches.builder(this.ticker).statsRecorder(broken).build();
		cache.addStatsRecorder(this.recording);
		assertThat(cache.get("k", (key) -> AccessToken.of("loaded", 60))).isEqualTo("loaded");
		assertThat(this.recording.events).containsExactly("success 0");
		assertThat(cache.get("k")).contains("loaded");
	}

	@Test
	void recorderWithoutOverridesIgnoresEveryEvent() {
		TokenCache cache = TestCaches.builder(this.ticker).statsRecorder(new StatsRecorder() {
		}).build();
		assertThat(cache.get("k", (key) -> AccessToken.of("loaded", 60))).isEqualTo("loaded");
	}

	@Test
	void builderRejectsASecondRecorderAndKeepsTheFirst() {
		TokenCacheBuilder builder = TestCaches.builder(this.ticker).statsRecorder(this.recording);
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> builder.statsRecorder(new Recording()))
			.withMessageStartingWith("statsRecorder was already set");
		builder.build().get("k", (key) -> AccessToken.of("loaded", 60));
		assertThat(this.recording.events).containsExactly("success 0");
	}

	@Test
	void nullRecorderIsRejectedByName() {
		assertThatExceptionOfType(NullPointerException.class)
			.isThrownBy(() -> TokenCache.builder().statsRecorder(null))
			.withMessage("statsRecorder");
		TokenCache cache = TestCaches.build(this.ticker);
		assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> cache.addStatsRecorder(null))
			.withMessage("recorder");
	}

	static final class Recording implements StatsRecorder {

		final List<String> events = new CopyOnWriteArrayList<>();

		@Override
		public void recordLoadSuccess(long loadTimeNanos) {
			this.events.add("success " + loadTimeNanos);
		}

		@Override
		public void recordLoadFailure(long loadTimeNanos) {
			this.events.add("failure " + loadTimeNanos);
		}

	}

}
