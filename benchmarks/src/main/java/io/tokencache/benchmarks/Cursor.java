package io.tokencache.benchmarks;

import java.util.concurrent.ThreadLocalRandom;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Each benchmark thread walks the keys in order from its own random start, so threads read
 * different keys and every variant pays the same few instructions to choose one.
 */
@State(Scope.Thread)
public class Cursor {

	private int index;

	private int operation;

	@Setup
	public void start() {
		this.index = ThreadLocalRandom.current().nextInt(Tokens.KEY_COUNT);
	}

	int next() {
		int next = this.index + 1;
		this.index = (next == Tokens.KEY_COUNT) ? 0 : next;
		return this.index;
	}

	/** True for one operation in ten, for the 90% get / 10% put mix. */
	boolean tenth() {
		int next = this.operation + 1;
		this.operation = (next == 10) ? 0 : next;
		return next == 10;
	}

}
