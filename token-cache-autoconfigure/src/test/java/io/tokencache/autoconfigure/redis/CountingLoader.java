package io.tokencache.autoconfigure.redis;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.tokencache.AccessToken;
import io.tokencache.TokenLoader;

/**
 * A loader shared by every instance of a test, as the identity provider is: it counts its calls
 * and issues distinctive tokens, so that a test can find one anywhere it must not be. It can be
 * held until a test releases it.
 */
final class CountingLoader implements TokenLoader {

	static final String SECRET_MARK = "SECRET-7f3a9c";

	private static final AtomicInteger loaders = new AtomicInteger();

	private final int id = loaders.incrementAndGet();

	private final AtomicInteger calls = new AtomicInteger();

	private final CountDownLatch entered = new CountDownLatch(1);

	private final CountDownLatch release;

	private final Duration lifetime;

	/** The first call that waits for the release; the calls before it return at once. */
	private final int heldFrom;

	CountingLoader(Duration lifetime, boolean held) {
		this(lifetime, held, 1);
	}

	private CountingLoader(Duration lifetime, boolean held, int heldFrom) {
		this.lifetime = lifetime;
		this.release = new CountDownLatch(held ? 1 : 0);
		this.heldFrom = heldFrom;
	}

	/** A loader whose first call returns at once and whose later calls wait for the release. */
	static CountingLoader heldAfterFirstCall(Duration lifetime) {
		return new CountingLoader(lifetime, true, 2);
	}

	static CountingLoader immediate() {
		return new CountingLoader(Duration.ofHours(1), false);
	}

	static CountingLoader held() {
		return new CountingLoader(Duration.ofHours(1), true);
	}

	@Override
	public AccessToken load(String key) throws Exception {
		int call = this.calls.incrementAndGet();
		if (call < this.heldFrom) {
			return new AccessToken(token(call), this.lifetime);
		}
		this.entered.countDown();
		if (!this.release.await(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("the test never released the loader");
		}
		return new AccessToken(token(call), this.lifetime);
	}

	/** The token of the loader's n-th call: different for every loader and call. */
	String token(int call) {
		return "token-" + this.id + "." + call + "-" + SECRET_MARK;
	}

	int calls() {
		return this.calls.get();
	}

	void awaitEntered() throws InterruptedException {
		if (!this.entered.await(10, TimeUnit.SECONDS)) {
			throw new IllegalStateException("the loader was not called");
		}
	}

	void release() {
		this.release.countDown();
	}

}
