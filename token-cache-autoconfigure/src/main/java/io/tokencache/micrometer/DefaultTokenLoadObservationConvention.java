package io.tokencache.micrometer;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names a token load {@code token.cache.load} ({@code token load} as a span) with low-cardinality
 * key values only: {@code cache}, {@code registration}, {@code refresh}, {@code result} and
 * {@code error}. Every load has all five, so that the timer that Micrometer derives from the
 * observation has one set of tags, as Prometheus requires. No high-cardinality values: a key
 * may hold identifiers and must not reach a tracing backend.
 */
public class DefaultTokenLoadObservationConvention implements ObservationConvention<TokenLoadObservationContext> {

	/** Name of the observation, and of the timer Micrometer derives from it. */
	public static final String NAME = "token.cache.load";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(TokenLoadObservationContext context) {
		return "token load";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(TokenLoadObservationContext context) {
		return KeyValues.of("cache", context.cacheName(), "registration", context.registration(), "refresh",
				Boolean.toString(context.refresh()), "result", context.result(), "error", context.errorType());
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof TokenLoadObservationContext;
	}

}
