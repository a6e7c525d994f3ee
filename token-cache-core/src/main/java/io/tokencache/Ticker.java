package io.tokencache;

/**
 * A monotonic time source in nanoseconds, as {@link System#nanoTime()}. Give a cache a fake one
 * with {@link TokenCacheBuilder#ticker(Ticker)} to test expiry without sleeping.
 */
@FunctionalInterface
public interface Ticker {

	/**
	 * Returns the current reading.
	 * @return nanoseconds since an arbitrary but fixed origin
	 */
	long read();

	/**
	 * Returns the ticker backed by {@link System#nanoTime()}.
	 * @return the system ticker
	 */
	static Ticker system() {
		return System::nanoTime;
	}

}
