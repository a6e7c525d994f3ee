package io.tokencache.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.openjdk.jol.info.GraphStats;
import org.openjdk.jol.vm.VM;

import io.tokencache.AccessToken;
import io.tokencache.Ticker;
import io.tokencache.TokenCache;

/**
 * Retained heap per entry at {@link #ENTRIES} entries, by JOL: the size of every object
 * reachable from a filled cache, less an empty cache built the same way, less the key and
 * token strings (the caller owns those whichever cache holds them), divided by the entries.
 *
 * <p>Each cache is built without a thread of its own, so that the walk stays inside the
 * cache: a thread leads to its thread group and from there to every other thread in the JVM.
 * TokenCache gets an explicit ticker and no sweep, which keeps its entries identical and only
 * drops the background thread; Caffeine runs its maintenance on the calling thread.
 */
final class MemoryFootprint {

	static final int ENTRIES = 100_000;

	private MemoryFootprint() {
	}

	/**
	 * A measured cache.
	 * @param cache what was measured
	 * @param bytesPerEntry retained bytes per entry, strings excluded
	 */
	record Footprint(String cache, double bytesPerEntry) {
	}

	static List<Footprint> measure() {
		String[] keys = Tokens.keys(ENTRIES);
		String[] tokens = new String[ENTRIES];
		AccessToken[] accessTokens = new AccessToken[ENTRIES];
		for (int i = 0; i < ENTRIES; i++) {
			tokens[i] = Tokens.token(i);
			accessTokens[i] = new AccessToken(tokens[i], Duration.ofSeconds(Tokens.TTL.getSeconds()));
		}
		long strings = GraphStats.parseInstance(keys, tokens).totalSize() - VM.current().sizeOf(keys)
				- VM.current().sizeOf(tokens);
		long wrapper = VM.current().sizeOf(accessTokens[0]) + VM.current().sizeOf(accessTokens[0].expiresIn());
		double tokenCache = perEntry(MemoryFootprint::tokenCache, (cache) -> {
			for (int i = 0; i < ENTRIES; i++) {
				cache.put(keys[i], tokens[i], Tokens.TTL);
			}
		}, strings);
		double caffeine = perEntry(MemoryFootprint::caffeine, (cache) -> {
			for (int i = 0; i < ENTRIES; i++) {
				cache.put(keys[i], accessTokens[i]);
			}
			cache.cleanUp();
		}, strings);
		return List.of(new Footprint("TokenCache", tokenCache),
				new Footprint("Caffeine, AccessToken values (token + Duration)", caffeine),
				new Footprint("Caffeine, value wrappers not counted", caffeine - wrapper));
	}

	private static <C> double perEntry(Function<Integer, C> factory, java.util.function.Consumer<C> fill,
			long strings) {
		C empty = factory.apply(ENTRIES);
		C filled = factory.apply(ENTRIES);
		fill.accept(filled);
		long bytes = GraphStats.parseInstance(filled).totalSize() - GraphStats.parseInstance(empty).totalSize();
		return (double) (bytes - strings) / ENTRIES;
	}

	private static TokenCache tokenCache(int maximumSize) {
		return TokenCache.builder()
			.maximumSize(maximumSize)
			.ticker(Ticker.system())
			.sweepInterval(Duration.ZERO)
			.build();
	}

	private static Cache<String, AccessToken> caffeine(int maximumSize) {
		return Caffeine.newBuilder()
			.expireAfter(UsableWindow.forTokens())
			.maximumSize(maximumSize)
			.executor(Runnable::run)
			.build();
	}

	public static void main(String[] args) {
		measure().forEach((footprint) -> System.out.printf("%-50s %8.1f B/entry%n", footprint.cache(),
				footprint.bytesPerEntry()));
	}

}
