package io.tokencache.autoconfigure.redis;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports {@code token-cache.redis.*} properties that do not go together, such as the tier
 * turned on without an encryption key, or a lock lease that the starter's own token requests
 * may outlast.
 */
final class RedisTierConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<RedisTierConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, RedisTierConfigurationException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
	}

}
