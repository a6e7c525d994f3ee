package io.tokencache;

/**
 * A {@link Ticker} that moves only in steps, and advances the clocks attached to it after each
 * step, as a test's fake ticker does. A cache on it therefore needs the scheduler's thread only
 * for a sweep: time that stands still between steps needs no ticks. Everything else (the coarse
 * clock, its lead and deadlines, parked waiters) is the code every cache runs.
 */
interface SteppedTicker extends Ticker {

	/** Calls {@link CoarseClock#advance()} on the clock after every later step, until detached. */
	void attach(CoarseClock clock);

	void detach(CoarseClock clock);

}
