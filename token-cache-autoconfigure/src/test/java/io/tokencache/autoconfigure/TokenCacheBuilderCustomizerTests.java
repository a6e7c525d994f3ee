package io.tokencache.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tokencache.AccessToken;
import io.tokencache.StatsRecorder;
import io.tokencache.TokenCache;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TokenCacheBuilderCustomizer} beans change the auto-configured cache, in order, after
 * the properties.
 */
class TokenCacheBuilderCustomizerTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TokenCacheAutoConfiguration.class));

	@Test
	void customizersAreAppliedInOrderSoTheLastOneWins() {
		this.contextRunner.withUserConfiguration(OrderedCustomizers.class).run((context) -> {
			assertThat(context.getBean("applied", List.class)).containsExactly("first", "second");
			assertThat(context.getBean(TokenCache.class).refreshBuffer()).isEqualTo(Duration.ofSeconds(2));
		});
	}

	@Test
	void customizerOverridesTheProperties() {
		this.contextRunner.withPropertyValues("token-cache.refresh-buffer=10m")
			.withBean(TokenCacheBuilderCustomizer.class,
					() -> (builder) -> builder.refreshBuffer(Duration.ofMinutes(1)))
			.run((context) -> assertThat(context.getBean(TokenCache.class).refreshBuffer())
				.isEqualTo(Duration.ofMinutes(1)));
	}

	@Test
	void customizerCanSetWhatNoPropertyCovers() {
		List<Long> loads = new CopyOnWriteArrayList<>();
		StatsRecorder recorder = new StatsRecorder() {
			@Override
			public void recordLoadSuccess(long loadTimeNanos) {
				loads.add(loadTimeNanos);
			}
		};
		this.contextRunner
			.withBean(TokenCacheBuilderCustomizer.class, () -> (builder) -> builder.statsRecorder(recorder))
			.run((context) -> {
				context.getBean(TokenCache.class).get("billing", (key) -> AccessToken.of("secret", 60));
				assertThat(loads).hasSize(1);
			});
	}

	@Test
	void userDefinedCacheIsNotCustomized() {
		this.contextRunner
			.withBean(TokenCacheBuilderCustomizer.class,
					() -> (builder) -> builder.refreshBuffer(Duration.ofMinutes(1)))
			.withBean("userTokenCache", TokenCache.class, () -> TokenCache.builder().build())
			.run((context) -> assertThat(context).getBean(TokenCache.class)
				.extracting(TokenCache::refreshBuffer)
				.isEqualTo(TokenCache.DEFAULT_REFRESH_BUFFER));
	}

	@Configuration(proxyBeanMethods = false)
	static class OrderedCustomizers {

		private final List<String> applied = new CopyOnWriteArrayList<>();

		@Bean
		List<String> applied() {
			return this.applied;
		}

		// Declared first but ordered last, so that declaration order cannot pass the test.
		@Bean
		@Order(2)
		TokenCacheBuilderCustomizer second() {
			return (builder) -> {
				this.applied.add("second");
				builder.refreshBuffer(Duration.ofSeconds(2));
			};
		}

		@Bean
		@Order(1)
		TokenCacheBuilderCustomizer first() {
			return (builder) -> {
				this.applied.add("first");
				builder.refreshBuffer(Duration.ofSeconds(1));
			};
		}

	}

}
