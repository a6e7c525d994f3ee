package io.tokencache.autoconfigure.redis;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains a {@code token-cache.redis.*} value that cannot be bound: the property, the value,
 * where it came from, why, and what to set instead. The value of
 * {@code token-cache.redis.encryption-key} is a secret and is never shown, where Boot's own
 * {@code BindFailureAnalyzer} would print it.
 */
final class TokenCacheRedisPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<BindException>
		implements Ordered {

	static final String ENCRYPTION_KEY = "token-cache.redis.encryption-key";

	private static final String DURATION = "a positive duration of at most 1d, such as ";

	private static final Map<String, Help> HELP = Map.of(ENCRYPTION_KEY,
			new Help("the Base64 text of a 16, 24 or 32-byte AES key, the same on every instance "
					+ "(generate one with: openssl rand -base64 32)", "none"),
			"token-cache.redis.key-prefix", new Help("a non-blank prefix", "token-cache:"),
			"token-cache.redis.timeout", new Help(DURATION + "500ms or 2s (a bare number means seconds), shorter than lock-lease", "500ms"),
			"token-cache.redis.lock-lease", new Help(DURATION + "30s or 1m (a bare number means seconds), longer than any token load takes", "30s"),
			"token-cache.redis.poll-interval", new Help(DURATION + "100ms or 1s (a bare number means seconds)",
					"100ms"));

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		ConfigurationProperty property = cause.getProperty();
		if (property == null) {
			return null;
		}
		String name = property.getName().toString();
		Help help = HELP.get(name);
		if (help == null) {
			return null;
		}
		boolean secret = ENCRYPTION_KEY.equals(name);
		StringBuilder description = new StringBuilder();
		description.append(String.format("Invalid value for configuration property '%s':%n", name));
		description.append(String.format("%n    Value: %s", secret ? "<not shown>" : "\"" + property.getValue() + "\""));
		if (property.getOrigin() != null) {
			description.append(String.format("%n    Origin: %s", property.getOrigin()));
		}
		description.append(String.format("%n    Reason: %s", secret ? reasonWithoutValue(cause) : rootMessage(cause)));
		String action = String.format("Set '%s' to %s, or remove it to use the default, %s.", name, help.expected(),
				help.defaultValue());
		return new FailureAnalysis(description.toString(), action, cause);
	}

	/** Only the message of this module's own check, which never holds the value. */
	private static String reasonWithoutValue(Throwable cause) {
		for (Throwable candidate = cause; candidate != null; candidate = candidate.getCause()) {
			String message = candidate.getMessage();
			if (candidate instanceof IllegalArgumentException && message != null
					&& message.startsWith(ENCRYPTION_KEY)) {
				return message;
			}
		}
		return "it cannot be bound (the value is not shown)";
	}

	private static String rootMessage(Throwable cause) {
		Throwable root = cause;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getName();
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/**
	 * What a property accepts.
	 * @param expected the accepted values, for the action
	 * @param defaultValue the default, as written in configuration
	 */
	private record Help(String expected, String defaultValue) {
	}

}
