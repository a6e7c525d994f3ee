package io.tokencache.security;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import reactor.util.context.ContextView;

/**
 * Carries the caller's current observation to a reactive token load: the one in the
 * subscriber's Reactor context, where Spring WebFlux and {@code WebClient} put it, else the one
 * current on the subscribing thread, as when a servlet request blocks on a {@code WebClient}.
 * The load's observation then has it as its parent.
 */
final class ObservationCallerContext implements CallerContext {

	/** The Reactor context key of the current observation ({@code ObservationThreadLocalAccessor.KEY}). */
	static final String KEY = "micrometer.observation";

	private final ObservationRegistry registry;

	ObservationCallerContext(ObservationRegistry registry) {
		this.registry = registry;
	}

	@Override
	public Opener capture(ContextView view) {
		Observation observation = (view.getOrDefault(KEY, null) instanceof Observation inContext) ? inContext
				: this.registry.getCurrentObservation();
		if (observation == null) {
			return NOTHING;
		}
		return () -> observation.openScope()::close;
	}

}
