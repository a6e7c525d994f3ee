package io.tokencache.security;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The loads of the reactive response clients, one shared {@code Mono} per key: it runs the
 * cache's blocking {@code get(key, loader)} on {@link Schedulers#boundedElastic()}, so that one
 * thread per key waits for the token endpoint however many reactive callers miss at once,
 * instead of one per caller, which would also exhaust the bounded pool. The first caller's
 * context (its current observation, see {@link CallerContext}) is restored around the load. A
 * load leaves the map once it has finished.
 * @param <V> what a load gives
 */
final class SharedLoads<V> {

	private final CallerContext callerContext;

	private final Map<String, Mono<V>> loads = new ConcurrentHashMap<>();

	SharedLoads(CallerContext callerContext) {
		this.callerContext = callerContext;
	}

	/** Joins the key's shared load, or starts it. */
	Mono<V> load(String key, Callable<V> blockingLoad) {
		Mono<V> existing = this.loads.get(key);
		if (existing != null) {
			return existing;
		}
		AtomicReference<Mono<V>> self = new AtomicReference<>();
		Mono<V> load = Mono.deferContextual((view) -> {
			CallerContext.Opener caller = this.callerContext.capture(view);
			return Mono.fromCallable(() -> {
				try (CallerContext.Scope scope = caller.open()) {
					return blockingLoad.call();
				}
			}).subscribeOn(Schedulers.boundedElastic());
		}).doOnTerminate(() -> this.loads.remove(key, self.get())).cache();
		self.set(load);
		existing = this.loads.putIfAbsent(key, load);
		return (existing != null) ? existing : load;
	}

}
