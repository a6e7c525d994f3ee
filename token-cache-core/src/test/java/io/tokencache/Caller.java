package io.tokencache;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A call to the cache on its own thread, with what it returned or threw. */
final class Caller {

	final Thread thread;

	final CompletableFuture<String> outcome = new CompletableFuture<>();

	volatile boolean interruptedAtEnd;

	private Caller(String name, Callable<String> call) {
		this.thread = new Thread(() -> {
			try {
				this.outcome.complete(call.call());
			}
			catch (Throwable ex) {
				this.outcome.completeExceptionally(ex);
			}
			finally {
				this.interruptedAtEnd = Thread.currentThread().isInterrupted();
			}
		}, name);
	}

	static Caller start(String name, Callable<String> call) {
		Caller caller = new Caller(name, call);
		caller.thread.start();
		return caller;
	}

	String result() throws Exception {
		String result = this.outcome.get(30, TimeUnit.SECONDS);
		this.thread.join();
		return result;
	}

	Throwable failure() throws InterruptedException {
		this.thread.join(TimeUnit.SECONDS.toMillis(30));
		assertThat(this.outcome).isCompletedExceptionally();
		return this.outcome.handle((result, ex) -> ex).join();
	}

}
