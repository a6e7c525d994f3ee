package io.tokencache.security;

import reactor.util.context.ContextView;

/**
 * What a reactive caller's token load should run in, carried to the thread that starts it: the
 * reactive client loads on Reactor's bounded elastic pool, where nothing of the caller's thread
 * is current, so without it the load's observation could not be a child of the caller's.
 */
@FunctionalInterface
interface CallerContext {

	/** Nothing to carry. */
	Opener NOTHING = () -> () -> {
	};

	/** Carries nothing. */
	CallerContext NONE = (view) -> NOTHING;

	/**
	 * Captures, on the subscribing thread and from the subscriber's Reactor context, what to
	 * restore around the load.
	 */
	Opener capture(ContextView view);

	/** Restores what was captured, on the thread that starts the load. */
	@FunctionalInterface
	interface Opener {

		Scope open();

	}

	/** Ends what {@link Opener#open()} restored. */
	@FunctionalInterface
	interface Scope extends AutoCloseable {

		@Override
		void close();

	}

}
