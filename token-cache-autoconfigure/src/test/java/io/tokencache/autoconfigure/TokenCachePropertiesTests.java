package io.tokencache.autoconfigure;

import java.time.Duration;
import java.util.Map;

import io.tokencache.TokenCache;
import io.tokencache.TokenCacheBuilder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TokenCacheProperties}.
 */
class TokenCachePropertiesTests {

	@Test
	void defaultsAreTheCoreDefaults() {
		TokenCacheProperties properties = new TokenCacheProperties();
		assertThat(properties.isEnabled()).isTrue();
		assertThat(properties.getRefreshBuffer()).isEqualTo(TokenCache.DEFAULT_REFRESH_BUFFER);
		assertThat(properties.getMaximumSize()).isEqualTo(TokenCache.DEFAULT_MAXIMUM_SIZE);
		assertThat(properties.getSweepInterval()).isEqualTo(TokenCacheBuilder.DEFAULT_SWEEP_INTERVAL);
		assertThat(properties.getRefreshAhead()).isEqualTo(TokenCacheBuilder.DEFAULT_REFRESH_AHEAD);
		assertThat(properties.getLoadTimeout()).isEqualTo(TokenCacheBuilder.DEFAULT_LOAD_TIMEOUT);
		assertThat(properties.getBackoff().getInitialInterval()).isEqualTo(TokenCacheBuilder.DEFAULT_BACKOFF_INITIAL);
		assertThat(properties.getBackoff().getMaxInterval()).isEqualTo(TokenCacheBuilder.DEFAULT_BACKOFF_MAX);
	}

	@Test
	void loadPropertiesBindWithBareNumbersAsSeconds() {
		TokenCacheProperties properties = bind(Map.of("token-cache.refresh-ahead", "0", "token-cache.load-timeout",
				"2", "token-cache.backoff.initial-interval", "500ms", "token-cache.backoff.max-interval", "PT1M"));
		assertThat(properties.getRefreshAhead()).isZero();
		assertThat(properties.getLoadTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(properties.getBackoff().getInitialInterval()).isEqualTo(Duration.ofMillis(500));
		assertThat(properties.getBackoff().getMaxInterval()).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void nonPositiveLoadTimeoutIsRejectedAndChangesNothing() {
		TokenCacheProperties properties = new TokenCacheProperties();
		assertThatIllegalArgumentException().isThrownBy(() -> properties.setLoadTimeout(Duration.ZERO))
			.withMessage("token-cache.load-timeout must be positive but was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> properties.setLoadTimeout(Duration.ofSeconds(-5)))
			.withMessage("token-cache.load-timeout must be positive but was PT-5S");
		assertThat(properties.getLoadTimeout()).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void negativeRefreshAheadAndBackoffAreRejectedAndChangeNothing() {
		TokenCacheProperties properties = new TokenCacheProperties();
		assertThatIllegalArgumentException().isThrownBy(() -> properties.setRefreshAhead(Duration.ofSeconds(-1)))
			.withMessage("token-cache.refresh-ahead must not be negative but was PT-1S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> properties.getBackoff().setInitialInterval(Duration.ofSeconds(-1)))
			.withMessage("token-cache.backoff.initial-interval must not be negative but was PT-1S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> properties.getBackoff().setMaxInterval(Duration.ofSeconds(-1)))
			.withMessage("token-cache.backoff.max-interval must not be negative but was PT-1S");
		assertThat(properties.getRefreshAhead()).isEqualTo(Duration.ofMinutes(1));
		assertThat(properties.getBackoff().getInitialInterval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(properties.getBackoff().getMaxInterval()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void bareNumberMeansSeconds() {
		TokenCacheProperties properties = bind(Map.of("token-cache.refresh-buffer", "90",
				"token-cache.sweep-interval", "0"));
		assertThat(properties.getRefreshBuffer()).isEqualTo(Duration.ofSeconds(90));
		assertThat(properties.getSweepInterval()).isZero();
	}

	@Test
	void durationsAcceptSimpleAndIsoFormats() {
		assertThat(bind(Map.of("token-cache.refresh-buffer", "5m")).getRefreshBuffer())
			.isEqualTo(Duration.ofMinutes(5));
		assertThat(bind(Map.of("token-cache.refresh-buffer", "300s")).getRefreshBuffer())
			.isEqualTo(Duration.ofMinutes(5));
		assertThat(bind(Map.of("token-cache.refresh-buffer", "PT5M")).getRefreshBuffer())
			.isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void maximumSizeBindsBothOfItsBounds() {
		assertThat(bind(Map.of("token-cache.maximum-size", "1")).getMaximumSize()).isOne();
		assertThat(bind(Map.of("token-cache.maximum-size", "2147483647")).getMaximumSize())
			.isEqualTo(Integer.MAX_VALUE);
	}

	@Test
	void maximumSizeOutsideItsBoundsIsRejectedAndChangesNothing() {
		TokenCacheProperties properties = new TokenCacheProperties();
		assertThatIllegalArgumentException().isThrownBy(() -> properties.setMaximumSize(0))
			.withMessage("token-cache.maximum-size must be between 1 and 2147483647 but was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> properties.setMaximumSize(Integer.MAX_VALUE + 1L))
			.withMessage("token-cache.maximum-size must be between 1 and 2147483647 but was 2147483648");
		assertThat(properties.getMaximumSize()).isEqualTo(10_000);
	}

	@Test
	void negativeDurationsAreRejectedAndChangeNothing() {
		TokenCacheProperties properties = new TokenCacheProperties();
		assertThatIllegalArgumentException().isThrownBy(() -> properties.setRefreshBuffer(Duration.ofSeconds(-1)))
			.withMessage("token-cache.refresh-buffer must not be negative but was PT-1S");
		assertThatIllegalArgumentException().isThrownBy(() -> properties.setSweepInterval(Duration.ofSeconds(-1)))
			.withMessage("token-cache.sweep-interval must not be negative but was PT-1S");
		assertThat(properties.getRefreshBuffer()).isEqualTo(Duration.ofMinutes(5));
		assertThat(properties.getSweepInterval()).isEqualTo(Duration.ofMinutes(1));
	}

	private static TokenCacheProperties bind(Map<String, String> values) {
		Binder binder = new Binder(new MapConfigurationPropertySource(values));
		return binder.bind("token-cache", Bindable.ofInstance(new TokenCacheProperties())).get();
	}

}
