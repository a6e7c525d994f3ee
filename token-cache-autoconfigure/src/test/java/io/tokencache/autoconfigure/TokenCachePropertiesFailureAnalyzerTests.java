package io.tokencache.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tokencache.security.TokenCacheOAuth2ClientAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenCachePropertiesFailureAnalyzer}: each invalid value fails start-up
 * with an analysis that names the property, the value, the reason and the fix.
 */
class TokenCachePropertiesFailureAnalyzerTests {

	private static final String DURATION_ACTION = "to a duration of zero or more, such as ";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenCacheAutoConfiguration.class));

	@Test
	void negativeRefreshBuffer() {
		FailureAnalysis analysis = analyze("token-cache.refresh-buffer=-5m");
		assertDescription(analysis, "token-cache.refresh-buffer", "-5m",
				"token-cache.refresh-buffer must not be negative but was PT-5M");
		assertThat(analysis.getAction()).isEqualTo("Set 'token-cache.refresh-buffer' " + DURATION_ACTION
				+ "5m, 300s or PT5M (a bare number means seconds), or remove it to use the default, 5m.");
	}

	@Test
	void unparsableRefreshBuffer() {
		FailureAnalysis analysis = analyze("token-cache.refresh-buffer=5 minutes");
		assertDescription(analysis, "token-cache.refresh-buffer", "5 minutes", "cannot be read as a duration");
		assertThat(analysis.getAction()).startsWith("Set 'token-cache.refresh-buffer' " + DURATION_ACTION);
	}

	@Test
	void negativeSweepInterval() {
		FailureAnalysis analysis = analyze("token-cache.sweep-interval=-1");
		assertDescription(analysis, "token-cache.sweep-interval", "-1",
				"token-cache.sweep-interval must not be negative but was PT-1S");
		assertThat(analysis.getAction()).startsWith("Set 'token-cache.sweep-interval' " + DURATION_ACTION)
			.contains("0 turns the periodic sweep off")
			.endsWith("or remove it to use the default, 1m.");
	}

	@Test
	void unparsableSweepInterval() {
		FailureAnalysis analysis = analyze("token-cache.sweep-interval=every minute");
		assertDescription(analysis, "token-cache.sweep-interval", "every minute", "cannot be read as a duration");
		assertThat(analysis.getAction()).startsWith("Set 'token-cache.sweep-interval' " + DURATION_ACTION);
	}

	@Test
	void maximumSizeBelowOne() {
		FailureAnalysis analysis = analyze("token-cache.maximum-size=0");
		assertDescription(analysis, "token-cache.maximum-size", "0",
				"token-cache.maximum-size must be between 1 and 2147483647 but was 0");
		assertThat(analysis.getAction()).isEqualTo("Set 'token-cache.maximum-size' to a whole number from 1 to "
				+ "2147483647, or remove it to use the default, 10000.");
	}

	@Test
	void maximumSizeAboveIntegerRange() {
		FailureAnalysis analysis = analyze("token-cache.maximum-size=3000000000");
		assertDescription(analysis, "token-cache.maximum-size", "3000000000",
				"token-cache.maximum-size must be between 1 and 2147483647 but was 3000000000");
	}

	@Test
	void maximumSizeAboveLongRange() {
		FailureAnalysis analysis = analyze("token-cache.maximum-size=99999999999999999999");
		assertDescription(analysis, "token-cache.maximum-size", "99999999999999999999",
				"cannot be read as a whole number");
	}

	@Test
	void maximumSizeNotANumber() {
		FailureAnalysis analysis = analyze("token-cache.maximum-size=lots");
		assertDescription(analysis, "token-cache.maximum-size", "lots", "cannot be read as a whole number");
		assertThat(analysis.getAction()).startsWith("Set 'token-cache.maximum-size' to a whole number from 1");
	}

	@Test
	void negativeRefreshAhead() {
		FailureAnalysis analysis = analyze("token-cache.refresh-ahead=-1m");
		assertDescription(analysis, "token-cache.refresh-ahead", "-1m",
				"token-cache.refresh-ahead must not be negative but was PT-1M");
		assertThat(analysis.getAction()).isEqualTo("Set 'token-cache.refresh-ahead' " + DURATION_ACTION
				+ "1m, 60s or PT1M (a bare number means seconds, and 0 turns refresh-ahead off), or remove it to use "
				+ "the default, 1m.");
	}

	@Test
	void zeroLoadTimeout() {
		FailureAnalysis analysis = analyze("token-cache.load-timeout=0");
		assertDescription(analysis, "token-cache.load-timeout", "0",
				"token-cache.load-timeout must be positive but was PT0S");
		assertThat(analysis.getAction()).isEqualTo("Set 'token-cache.load-timeout' to a positive duration, such as "
				+ "5s, 5000ms or PT5S (a bare number means seconds), or remove it to use the default, 5s.");
	}

	@Test
	void zeroOAuth2ClientRequestTimeout() {
		FailureAnalysis analysis = analyzeWithOAuth2Client("token-cache.oauth2-client.request-timeout=0");
		assertDescription(analysis, "token-cache.oauth2-client.request-timeout", "0",
				"token-cache.oauth2-client.request-timeout must be positive but was PT0S");
		assertThat(analysis.getAction()).isEqualTo("Set 'token-cache.oauth2-client.request-timeout' to a positive "
				+ "duration, such as 10s, 10000ms or PT10S (a bare number means seconds), or remove it to use the "
				+ "default, 10s.");
	}

	@Test
	void negativeOAuth2ClientRequestTimeout() {
		FailureAnalysis analysis = analyzeWithOAuth2Client("token-cache.oauth2-client.request-timeout=-1s");
		assertDescription(analysis, "token-cache.oauth2-client.request-timeout", "-1s",
				"token-cache.oauth2-client.request-timeout must be positive but was PT-1S");
	}

	@Test
	void unparsableOAuth2ClientRequestTimeout() {
		FailureAnalysis analysis = analyzeWithOAuth2Client("token-cache.oauth2-client.request-timeout=a while");
		assertDescription(analysis, "token-cache.oauth2-client.request-timeout", "a while",
				"cannot be read as a duration");
	}

	@Test
	void zeroDefaultExpiresIn() {
		FailureAnalysis analysis = analyzeWithOAuth2Client("token-cache.oauth2-client.default-expires-in=0");
		assertDescription(analysis, "token-cache.oauth2-client.default-expires-in", "0",
				"token-cache.oauth2-client.default-expires-in must be positive but was PT0S");
		assertThat(analysis.getAction()).endsWith("or remove it to use the default, 5m.");
	}

	@Test
	void negativeMaxExpiresInAndUnparsableMaxRetryAfter() {
		assertDescription(analyzeWithOAuth2Client("token-cache.oauth2-client.max-expires-in=-1h"),
				"token-cache.oauth2-client.max-expires-in", "-1h",
				"token-cache.oauth2-client.max-expires-in must be positive but was PT-1H");
		FailureAnalysis analysis = analyzeWithOAuth2Client("token-cache.oauth2-client.max-retry-after=later");
		assertDescription(analysis, "token-cache.oauth2-client.max-retry-after", "later", "cannot be read as a duration");
		assertThat(analysis.getAction()).endsWith("or remove it to use the default, 5m.");
	}

	@Test
	void shortSecretFingerprintKey() {
		FailureAnalysis analysis = analyzeWithOAuth2Client("token-cache.oauth2-client.secret-fingerprint-key=c2hvcnQ=");
		assertDescription(analysis, "token-cache.oauth2-client.secret-fingerprint-key", "c2hvcnQ=",
				"token-cache.oauth2-client.secret-fingerprint-key must decode to at least 16 bytes but decodes to 5 "
						+ "(the value is not shown)");
		assertThat(analysis.getAction()).startsWith("Set 'token-cache.oauth2-client.secret-fingerprint-key' to the "
				+ "Base64 text of a key of at least 16 bytes");
	}

	@Test
	void unparsableLoadTimeout() {
		FailureAnalysis analysis = analyze("token-cache.load-timeout=forever");
		assertDescription(analysis, "token-cache.load-timeout", "forever", "cannot be read as a duration");
	}

	@Test
	void negativeBackoffInitialInterval() {
		FailureAnalysis analysis = analyze("token-cache.backoff.initial-interval=-1s");
		assertDescription(analysis, "token-cache.backoff.initial-interval", "-1s",
				"token-cache.backoff.initial-interval must not be negative but was PT-1S");
		assertThat(analysis.getAction()).endsWith("0 turns backoff off), or remove it to use the default, 1s.");
	}

	@Test
	void negativeBackoffMaxInterval() {
		FailureAnalysis analysis = analyze("token-cache.backoff.max-interval=-30");
		assertDescription(analysis, "token-cache.backoff.max-interval", "-30",
				"token-cache.backoff.max-interval must not be negative but was PT-30S");
	}

	@Test
	void backoffMaxIntervalBelowTheInitialInterval() {
		FailureAnalysis analysis = analyze("token-cache.backoff.initial-interval=10s",
				"token-cache.backoff.max-interval=2s");
		assertDescription(analysis, "token-cache.backoff.max-interval", "2s",
				"token-cache.backoff.max-interval must be at least token-cache.backoff.initial-interval (PT10S) but "
						+ "was PT2S");
		assertThat(analysis.getAction()).isEqualTo("Set 'token-cache.backoff.max-interval' to a duration no shorter "
				+ "than token-cache.backoff.initial-interval, such as 30s or PT30S (a bare number means seconds), or "
				+ "remove it to use the default, 30s.");
	}

	@Test
	void otherPropertiesAreLeftToSpringBoot() {
		this.contextRunner.withUserConfiguration(OtherPropertiesConfiguration.class)
			.withPropertyValues("other.timeout=soon")
			.run((context) -> {
				assertThat(context).getFailure().hasRootCauseInstanceOf(IllegalArgumentException.class);
				assertThat(context.getStartupFailure()).hasCauseInstanceOf(BindException.class);
				assertThat(new TokenCachePropertiesFailureAnalyzer().analyze(context.getStartupFailure())).isNull();
			});
	}

	@Test
	void runsBeforeUnorderedAnalyzersSuchAsSpringBootsBindFailureAnalyzer() {
		FailureAnalyzer unordered = (failure) -> null;
		FailureAnalyzer analyzer = new TokenCachePropertiesFailureAnalyzer();
		List<FailureAnalyzer> analyzers = new ArrayList<>(List.of(unordered, analyzer));
		AnnotationAwareOrderComparator.sort(analyzers);
		assertThat(analyzers).containsExactly(analyzer, unordered);
	}

	private FailureAnalysis analyze(String... properties) {
		return analyze(this.contextRunner, properties);
	}

	/** With the OAuth2 client bridge too, whose properties the analyzer also explains. */
	private FailureAnalysis analyzeWithOAuth2Client(String property) {
		return analyze(this.contextRunner
			.withConfiguration(AutoConfigurations.of(TokenCacheOAuth2ClientAutoConfiguration.class)), property);
	}

	private static FailureAnalysis analyze(ApplicationContextRunner runner, String... properties) {
		FailureAnalysis[] analysis = new FailureAnalysis[1];
		runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			analysis[0] = new TokenCachePropertiesFailureAnalyzer().analyze(context.getStartupFailure());
		});
		assertThat(analysis[0]).isNotNull();
		return analysis[0];
	}

	private static void assertDescription(FailureAnalysis analysis, String name, String value, String reason) {
		assertThat(analysis.getDescription()).startsWith("Invalid value for configuration property '" + name + "':")
			.contains("Value: \"" + value + "\"")
			.contains("Origin: ")
			.contains("Reason: " + reason);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(OtherProperties.class)
	static class OtherPropertiesConfiguration {

	}

	@ConfigurationProperties("other")
	static class OtherProperties {

		private Duration timeout = Duration.ofSeconds(1);

		Duration getTimeout() {
			return this.timeout;
		}

		void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

}
