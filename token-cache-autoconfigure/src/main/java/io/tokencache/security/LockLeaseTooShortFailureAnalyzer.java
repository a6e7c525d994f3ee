package io.tokencache.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a Redis lock lease that the starter's own token requests may outlast, naming both
 * properties and how to set them.
 */
final class LockLeaseTooShortFailureAnalyzer extends AbstractFailureAnalyzer<LockLeaseTooShortException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, LockLeaseTooShortException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
	}

}
