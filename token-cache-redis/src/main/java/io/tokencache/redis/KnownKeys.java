package io.tokencache.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The cache key of each Redis id that this instance may have to act on: a message names the id,
 * a keyed hash of the key when tokens are encrypted, and the local cache the key. An id is kept
 * while its key holds a local token, while a load of it runs here, and for {@link #GRACE} after
 * its last use, which covers the moment between a load's end and its token's store; then it is
 * pruned, so that the map follows the cache's size instead of every key ever seen.
 */
final class KnownKeys {

	/** How long an id outlives its last use without a local token or a load. */
	static final Duration GRACE = Duration.ofMinutes(1);

	private final Map<String, Known> known = new ConcurrentHashMap<>();

	private final Clock clock;

	KnownKeys(Clock clock) {
		this.clock = clock;
	}

	/** Notes a put, invalidation or replay of the key. */
	void touch(String id, String key) {
		long now = this.clock.millis();
		this.known.compute(id, (i, known) -> new Known(key, now, (known != null) ? known.loads() : 0));
	}

	void loadStarted(String id, String key) {
		long now = this.clock.millis();
		this.known.compute(id, (i, known) -> new Known(key, now, (known != null) ? known.loads() + 1 : 1));
	}

	void loadEnded(String id, String key) {
		long now = this.clock.millis();
		this.known.compute(id,
				(i, known) -> new Known(key, now, (known != null) ? Math.max(0, known.loads() - 1) : 0));
	}

	/** The key of the id, or {@code null} if this instance holds nothing of it. */
	@Nullable String key(String id) {
		Known known = this.known.get(id);
		return (known != null) ? known.key() : null;
	}

	int size() {
		return this.known.size();
	}

	/**
	 * Drops the ids whose key holds no local token, has no load running, and was not used for
	 * {@link #GRACE}. Each id is decided under its own lock, so a load that starts meanwhile
	 * keeps its id.
	 * @param liveKeys the keys that hold a local token now
	 */
	void prune(Collection<String> liveKeys) {
		Set<String> live = new HashSet<>(liveKeys);
		long oldest = this.clock.millis() - GRACE.toMillis();
		for (String id : this.known.keySet()) {
			this.known.computeIfPresent(id, (i, known) -> (known.loads() > 0 || live.contains(known.key())
					|| known.touchedMillis() > oldest) ? known : null);
		}
	}

	private record Known(String key, long touchedMillis, int loads) {

	}

}
