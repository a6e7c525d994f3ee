package io.tokencache;

/**
 * A {@link Ticker} that moves only in steps, and announces each step to
 * {@link Scheduler#advance(Ticker)} after taking it, as a test's fake ticker does. A clock on it
 * is advanced by those announcements, so a cache on it needs the scheduler's thread only for a
 * sweep: time that stands still between steps needs no ticks. Everything else (the coarse clock,
 * its lead and deadlines, parked waiters) is the code every cache runs.
 */
interface SteppedTicker extends Ticker {

}
