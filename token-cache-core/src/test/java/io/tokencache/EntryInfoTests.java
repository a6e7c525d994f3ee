package io.tokencache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code describe} and {@code entries} report the refresh and expiry points as wall-clock
 * instants, for usable entries only.
 */
class EntryInfoTests {

	private static final Instant NOW = TestCaches.WALL_NOW;

	private final FakeTicker ticker = new FakeTicker();

	private final TokenCache cache = TestCaches.build(this.ticker);

	@Test
	void describeReportsRefreshAndExpiryAsWallClockInstants() {
		this.cache.put("k", "token", Duration.ofHours(1));
		assertThat(this.cache.describe("k"))
			.contains(new TokenEntryInfo("k", NOW.plus(Duration.ofMinutes(55)), NOW.plus(Duration.ofHours(1))));
	}

	@Test
	void describeAppliesTheHalfLifetimeCapToTheRefreshPoint() {
		this.cache.put("k", "token", Duration.ofMinutes(4));
		assertThat(this.cache.describe("k"))
			.contains(new TokenEntryInfo("k", NOW.plus(Duration.ofMinutes(2)), NOW.plus(Duration.ofMinutes(4))));
	}

	@Test
	void reportedInstantsStayPutAsTimePasses() {
		TokenCache cache = TestCaches.builder(this.ticker).clock(new TickerClock(this.ticker, NOW)).build();
		cache.put("k", "token", Duration.ofHours(1));
		this.ticker.advance(Duration.ofMinutes(30));
		assertThat(cache.describe("k"))
			.contains(new TokenEntryInfo("k", NOW.plus(Duration.ofMinutes(55)), NOW.plus(Duration.ofHours(1))));
	}

	@Test
	void describeIsEmptyForAMissingKeyOrAnEntryPastItsRefreshPoint() {
		this.cache.put("k", "token", Duration.ofMinutes(10), Duration.ofMinutes(5));
		assertThat(this.cache.describe("missing")).isEmpty();
		this.ticker.advance(Duration.ofMinutes(5));
		assertThat(this.cache.describe("k")).isEmpty();
	}

	@Test
	void entriesListsUsableEntriesSortedByKey() {
		this.cache.put("b", "token", Duration.ofHours(2), Duration.ZERO);
		this.cache.put("a", "token", Duration.ofHours(1), Duration.ZERO);
		this.cache.put("stale", "token", Duration.ofMinutes(10), Duration.ofMinutes(5));
		this.ticker.advance(Duration.ofMinutes(5));
		assertThat(this.cache.entries()).containsExactly(
				new TokenEntryInfo("a", NOW.plus(Duration.ofMinutes(55)), NOW.plus(Duration.ofMinutes(55))),
				new TokenEntryInfo("b", NOW.plus(Duration.ofMinutes(115)), NOW.plus(Duration.ofMinutes(115))));
	}

	@Test
	void entriesMatchTheKeysOfStats() {
		this.cache.put("", "token", Duration.ofHours(1));
		this.cache.put("x", "token", Duration.ofHours(1));
		assertThat(this.cache.entries()).extracting(TokenEntryInfo::key).isEqualTo(this.cache.stats().keys());
	}

	@Test
	void describeOfATokenThatNeverExpiresDoesNotOverflow() {
		this.cache.put("k", "token", Duration.ofSeconds(Long.MAX_VALUE));
		TokenEntryInfo info = this.cache.describe("k").orElseThrow();
		assertThat(info.refreshAt()).isAfter(NOW.plus(Duration.ofDays(365 * 290)));
		assertThat(info.expiresAt()).isEqualTo(info.refreshAt());
	}

	/** A wall clock that moves with the fake ticker, as a real one moves with real time. */
	static final class TickerClock extends Clock {

		private final Ticker ticker;

		private final Instant origin;

		TickerClock(Ticker ticker, Instant origin) {
			this.ticker = ticker;
			this.origin = origin;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Instant instant() {
			return this.origin.plusNanos(this.ticker.read());
		}

	}

}
