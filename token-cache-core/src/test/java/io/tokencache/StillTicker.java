package io.tokencache;

/**
 * Time that stands still, for the model checks: a constant reading that never steps, so a cache
 * on it holds no thread, and no map of readers or clocks that the model checker would explore.
 */
final class StillTicker implements SteppedTicker {

	@Override
	public long read() {
		return 0;
	}

	@Override
	public void attach(CoarseClock clock) {
	}

	@Override
	public void detach(CoarseClock clock) {
	}

}
