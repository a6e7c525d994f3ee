package io.tokencache.autoconfigure;

import java.time.Duration;

import io.tokencache.FakeTicker;
import io.tokencache.TokenCache;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loads an {@code application.yml} into a Spring Boot application that finds
 * {@link TokenCacheAutoConfiguration} the way users' applications do. The file lives in its own
 * folder so that it does not configure every other {@code @SpringBootTest} of this module.
 */
@SpringBootTest(properties = "spring.config.location=classpath:/yml-test/")
class TokenCacheApplicationTests {

	@Autowired
	private TokenCacheProperties properties;

	@Autowired
	private TokenCache tokenCache;

	@Autowired
	private FakeTicker ticker;

	@Test
	void applicationYmlConfiguresTheCache() {
		assertThat(this.properties.getRefreshBuffer()).isEqualTo(Duration.ofMinutes(10));
		assertThat(this.properties.getMaximumSize()).isEqualTo(500);
		assertThat(this.properties.getSweepInterval()).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.tokenCache.refreshBuffer()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void refreshBufferFromApplicationYmlAppliesToPuts() {
		this.tokenCache.put("yml", "token-value", Duration.ofMinutes(25));
		this.ticker.advance(Duration.ofMinutes(14));
		assertThat(this.tokenCache.get("yml")).contains("token-value");
		this.ticker.advance(Duration.ofMinutes(2));
		assertThat(this.tokenCache.get("yml")).isEmpty();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		FakeTicker fakeTicker() {
			return new FakeTicker();
		}

	}

}
