package io.tokencache.benchmarks;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.tokencache.AccessToken;
import io.tokencache.TokenCache;

/**
 * Replacing the token of a present key, alone and as one operation in ten among hits, on
 * 1,000 keys: TokenCache against Caffeine with a variable expiry.
 *
 * <p>TokenCache takes the token and its lifetime and builds its entry itself; Caffeine stores
 * the {@link AccessToken} a loader returned. Both are given ready-made inputs, so neither pays
 * for building them here.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class PutBenchmark {

	private final String[] keys = Tokens.keys(Tokens.KEY_COUNT);

	private final String[] tokens = new String[Tokens.KEY_COUNT];

	private final AccessToken[] accessTokens = new AccessToken[Tokens.KEY_COUNT];

	private TokenCache cache;

	private Cache<String, AccessToken> caffeine;

	@Setup(Level.Trial)
	public void fill() {
		this.cache = TokenCache.builder().build();
		this.caffeine = UsableWindow.caffeine(TokenCache.DEFAULT_MAXIMUM_SIZE);
		for (int i = 0; i < this.keys.length; i++) {
			this.tokens[i] = Tokens.token(i);
			this.accessTokens[i] = Tokens.accessToken(i);
			this.cache.put(this.keys[i], this.tokens[i], Tokens.TTL);
			this.caffeine.put(this.keys[i], this.accessTokens[i]);
		}
	}

	@TearDown(Level.Trial)
	public void close() {
		this.cache.close();
	}

	@Benchmark
	public void tokenCachePut(Cursor cursor) {
		int i = cursor.next();
		this.cache.put(this.keys[i], this.tokens[i], Tokens.TTL);
	}

	@Benchmark
	public void caffeinePut(Cursor cursor) {
		int i = cursor.next();
		this.caffeine.put(this.keys[i], this.accessTokens[i]);
	}

	@Benchmark
	public Optional<String> tokenCacheMixed(Cursor cursor) {
		int i = cursor.next();
		if (cursor.tenth()) {
			this.cache.put(this.keys[i], this.tokens[i], Tokens.TTL);
			return Optional.empty();
		}
		return this.cache.get(this.keys[i]);
	}

	@Benchmark
	public AccessToken caffeineMixed(Cursor cursor) {
		int i = cursor.next();
		if (cursor.tenth()) {
			this.caffeine.put(this.keys[i], this.accessTokens[i]);
			return this.accessTokens[i];
		}
		return this.caffeine.getIfPresent(this.keys[i]);
	}

}
