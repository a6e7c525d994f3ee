package io.tokencache.sample.demo;

import java.time.Clock;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The demo identity provider's state, and its count of issued tokens as the meter
 * {@code demo.issuer.tokens.issued}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "sample.demo.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DemoProperties.class)
class DemoConfiguration {

	@Bean
	IssuedTokens issuedTokens() {
		return new IssuedTokens(Clock.systemUTC());
	}

	@Bean
	MeterBinder demoIssuerMetrics(IssuedTokens issuedTokens) {
		return (registry) -> FunctionCounter
			.builder("demo.issuer.tokens.issued", issuedTokens, IssuedTokens::issuedCount)
			.description("Tokens issued by the demo identity provider")
			.register(registry);
	}

}
