package io.tokencache;

/**
 * Wraps each load of {@code get(key, loader)}, for example in a tracing span.
 *
 * <p>It is called on the thread that starts the load, a caller that missed or that reached the
 * refresh-ahead window, before the load is handed to the executor, so that it can capture what
 * that thread carries, such as its current span. The loader it returns runs on the executor's
 * thread in place of the given one, once per load however many callers wait for it, and is
 * timed and counted as the loader. Whatever it throws counts as a failed load, as the loader's
 * own exceptions do; if {@code decorate} itself throws, the load fails without running.
 *
 * <p>A key may hold identifiers: record it nowhere that collects many values, such as a metric
 * tag or a span attribute.
 */
@FunctionalInterface
public interface LoadDecorator {

	/**
	 * Returns the loader to run for this load.
	 * @param key the key being loaded
	 * @param loader the loader that {@code get(key, loader)} was given
	 * @param refresh whether this is a refresh-ahead load, which no caller waits for, rather than
	 * a load after a miss
	 * @return the loader to run, typically one that calls {@code loader}; never {@code null}
	 */
	TokenLoader decorate(String key, TokenLoader loader, boolean refresh);

}
