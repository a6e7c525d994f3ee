package io.tokencache.autoconfigure;

import java.time.Duration;
import java.util.Map;

import io.tokencache.TokenCache;
import io.tokencache.TokenCacheBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.util.StringUtils;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Explains a {@code token-cache.*} value that {@link TokenCacheProperties} could not bind: the
 * property, the bad value, where it came from, why it is wrong, and what to set instead.
 * <p>
 * Spring Boot's own {@code BindFailureAnalyzer} names the property and value too, but its
 * action is only "Update your application's configuration", and a conversion failure reads as
 * "failed to convert java.lang.String to java.time.Duration". This analyzer runs first and
 * states the accepted values and the default; it leaves every other property to Boot.
 * {@code token-cache.enabled} is not among them: the auto-configuration's condition reads it,
 * and any value but {@code true} switches the cache off before anything is bound.
 */
final class TokenCachePropertiesFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	private static final String DURATION = "a duration";

	/** The defaults come from the core's constants, so that they are written in one place. */
	private static final Map<String, Help> HELP = Map.ofEntries(
			help("token-cache.refresh-buffer", DURATION,
					"a duration of zero or more, such as 5m, 300s or PT5M (a bare number means seconds)",
					configurationText(TokenCache.DEFAULT_REFRESH_BUFFER)),
			help("token-cache.maximum-size", "a whole number",
					"a whole number from 1 to " + TokenCacheBuilder.MAXIMUM_SIZE_LIMIT,
					Long.toString(TokenCache.DEFAULT_MAXIMUM_SIZE)),
			help("token-cache.sweep-interval", DURATION, "a duration of zero or more, such as 1m, 60s or PT1M "
					+ "(a bare number means seconds, and 0 turns the periodic sweep off)",
					configurationText(TokenCacheBuilder.DEFAULT_SWEEP_INTERVAL)),
			help("token-cache.refresh-ahead", DURATION, "a duration of zero or more, such as 1m, 60s or PT1M "
					+ "(a bare number means seconds, and 0 turns refresh-ahead off)",
					configurationText(TokenCacheBuilder.DEFAULT_REFRESH_AHEAD)),
			help("token-cache.load-timeout", DURATION,
					"a positive duration, such as 5s, 5000ms or PT5S (a bare number means seconds)",
					configurationText(TokenCacheBuilder.DEFAULT_LOAD_TIMEOUT)),
			help("token-cache.backoff.initial-interval", DURATION, "a duration of zero or more, such as 1s or "
					+ "PT1S (a bare number means seconds, and 0 turns backoff off)",
					configurationText(TokenCacheBuilder.DEFAULT_BACKOFF_INITIAL)),
			help("token-cache.backoff.max-interval", DURATION, "a duration no shorter than "
					+ "token-cache.backoff.initial-interval, such as 30s or PT30S (a bare number means seconds)",
					configurationText(TokenCacheBuilder.DEFAULT_BACKOFF_MAX)),
			// The security package's defaults, written out: that package depends on this one, not the
			// other way round. The security package's tests and this analyzer's tests pin both.
			help("token-cache.oauth2-client.request-timeout", DURATION,
					"a positive duration, such as 10s, 10000ms or PT10S (a bare number means seconds)", "10s"),
			help("token-cache.oauth2-client.default-expires-in", DURATION,
					"a positive duration, such as 5m, 300s or PT5M (a bare number means seconds)", "5m"),
			help("token-cache.oauth2-client.max-expires-in", DURATION,
					"a positive duration, such as 24h, 1d or PT24H (a bare number means seconds)", "24h"),
			help("token-cache.oauth2-client.max-retry-after", DURATION,
					"a positive duration, such as 5m, 300s or PT5M (a bare number means seconds)", "5m"),
			help("token-cache.oauth2-client.secret-fingerprint-key", "Base64 text",
					"the Base64 text of a key of at least 16 bytes, the same on every instance that shares tokens "
							+ "(generate one with: openssl rand -base64 32)",
					"a key derived from token-cache.redis.encryption-key, else a random key of each start"));

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		ConfigurationProperty property = cause.getProperty();
		if (property == null) {
			return analyzeValidation(cause);
		}
		String name = property.getName().toString();
		Help help = HELP.get(name);
		if (help == null) {
			return null;
		}
		return analysis(name, property, reason(cause, help), help, cause);
	}

	/**
	 * A rule across properties, checked by {@link TokenCacheProperties#validate} once binding is
	 * over: the error names the field, and Boot's validation errors hold the bound property.
	 */
	private @Nullable FailureAnalysis analyzeValidation(BindException cause) {
		BindValidationException validation = findCause(cause, BindValidationException.class);
		if (validation == null) {
			return null;
		}
		for (ObjectError error : validation.getValidationErrors().getAllErrors()) {
			if (error instanceof FieldError fieldError) {
				String name = "token-cache." + DataObjectPropertyName.toDashedForm(fieldError.getField());
				Help help = HELP.get(name);
				ConfigurationProperty property = validation.getValidationErrors()
					.getBoundProperties()
					.stream()
					.filter((bound) -> bound.getName().toString().equals(name))
					.findFirst()
					.orElse(null);
				if (help != null && property != null) {
					return analysis(name, property, String.valueOf(fieldError.getDefaultMessage()), help, cause);
				}
			}
		}
		return null;
	}

	private FailureAnalysis analysis(String name, ConfigurationProperty property, String reason, Help help,
			BindException cause) {
		StringBuilder description = new StringBuilder();
		description.append(String.format("Invalid value for configuration property '%s':%n", name));
		description.append(String.format("%n    Value: \"%s\"", property.getValue()));
		if (property.getOrigin() != null) {
			description.append(String.format("%n    Origin: %s", property.getOrigin()));
		}
		description.append(String.format("%n    Reason: %s", reason));
		String action = String.format("Set '%s' to %s, or remove it to use the default, %s.", name, help.expected(),
				help.defaultValue());
		return new FailureAnalysis(description.toString(), action, cause);
	}

	private String reason(BindException cause, Help help) {
		String rootMessage = rootMessage(cause);
		if (findCause(cause, ConversionFailedException.class) != null) {
			return "cannot be read as " + help.type() + ((rootMessage != null) ? " (" + rootMessage + ")" : "");
		}
		return (rootMessage != null) ? rootMessage : cause.getMessage();
	}

	private @Nullable String rootMessage(Throwable cause) {
		Throwable root = cause;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return StringUtils.hasText(root.getMessage()) ? root.getMessage() : null;
	}

	/** A duration as a user writes it in configuration: {@code 5m} rather than {@code PT5M}. */
	static String configurationText(Duration duration) {
		long seconds = duration.getSeconds();
		if (duration.getNano() != 0) {
			return duration.toMillis() + "ms";
		}
		if (seconds != 0 && seconds % 3600 == 0) {
			return (seconds / 3600) + "h";
		}
		return (seconds != 0 && seconds % 60 == 0) ? (seconds / 60) + "m" : seconds + "s";
	}

	/** Runs before Boot's generic {@code BindFailureAnalyzer}, which would otherwise answer. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	private static Map.Entry<String, Help> help(String name, String type, String expected, String defaultValue) {
		return Map.entry(name, new Help(type, expected, defaultValue));
	}

	/**
	 * What a property accepts.
	 * @param type what the value must parse as
	 * @param expected the accepted values, for the action
	 * @param defaultValue the default, as written in configuration
	 */
	private record Help(String type, String expected, String defaultValue) {
	}

}
