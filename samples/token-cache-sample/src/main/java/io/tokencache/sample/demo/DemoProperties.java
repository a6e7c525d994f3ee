package io.tokencache.sample.demo;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.Assert;

/**
 * Settings of the demo identity provider.
 *
 * @param enabled whether to serve the demo identity provider under /demo-issuer and the demo
 * API under /demo-api
 * @param clientId the only client the demo identity provider accepts
 * @param clientSecret that client's secret
 * @param expiresIn lifetime of the tokens it issues, sent as expires_in. A bare number means
 * seconds.
 */
@ConfigurationProperties("sample.demo")
record DemoProperties(boolean enabled, String clientId, String clientSecret,
		@DurationUnit(ChronoUnit.SECONDS) Duration expiresIn) {

	DemoProperties {
		Assert.hasText(clientId, "sample.demo.client-id must not be blank");
		Assert.hasText(clientSecret, "sample.demo.client-secret must not be blank");
		Assert.isTrue(expiresIn != null && expiresIn.toSeconds() >= 1,
				"sample.demo.expires-in must be at least 1 second");
	}

	@Override
	public String toString() {
		return "DemoProperties[enabled=" + this.enabled + ", clientId=" + this.clientId
				+ ", clientSecret=<redacted>, expiresIn=" + this.expiresIn + "]";
	}

}
