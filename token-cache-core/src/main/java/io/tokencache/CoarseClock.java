package io.tokencache;

import java.util.concurrent.TimeUnit;

/**
 * The cache's notion of "now", in nanoseconds since the cache was built.
 *
 * <p>{@link System#nanoTime()} costs about five times a {@code ConcurrentHashMap.get} at two
 * threads, which would dominate the hit path. A {@link Coarse} clock is therefore a volatile
 * field that a background task advances every {@link #RESOLUTION_NANOS}; a hit reads one field.
 * It publishes the source's reading plus one resolution, so it runs ahead of real time, never
 * behind: a token stops being served up to one resolution early, never late.
 *
 * <p>{@link DefaultTokenCache} mirrors the coarse reading into a field of its own, so that a hit
 * does not load this object first; see {@code DefaultTokenCache.now()}.
 */
sealed interface CoarseClock permits CoarseClock.Coarse, CoarseClock.Direct {

	long RESOLUTION_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

	/** Nanoseconds since the origin; never negative, never decreasing. */
	long now();

	/** Reads the source on every call: used with a fake ticker, so tests are exact. */
	static CoarseClock direct(Ticker source) {
		return new Direct(source, source.read());
	}

	static Coarse coarse(Ticker source) {
		return new Coarse(source, source.read());
	}

	final class Direct implements CoarseClock {

		private final Ticker source;

		private final long origin;

		private Direct(Ticker source, long origin) {
			this.source = source;
			this.origin = origin;
		}

		@Override
		public long now() {
			return this.source.read() - this.origin;
		}

	}

	final class Coarse implements CoarseClock {

		private final Ticker source;

		private final long origin;

		private volatile long now;

		private Coarse(Ticker source, long origin) {
			this.source = source;
			this.origin = origin;
			advance();
		}

		@Override
		public long now() {
			return this.now;
		}

		/**
		 * Called by one background thread only, so the read-compare-write needs no CAS.
		 * @return the reading now published, so that the caller can mirror it
		 */
		long advance() {
			long reading = this.source.read() - this.origin + RESOLUTION_NANOS;
			if (reading > this.now) {
				this.now = reading;
			}
			return this.now;
		}

	}

}
