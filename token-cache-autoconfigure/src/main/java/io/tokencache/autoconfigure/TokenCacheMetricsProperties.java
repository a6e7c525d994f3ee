package io.tokencache.autoconfigure;

import io.tokencache.TokenCache;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for the Micrometer meters of every {@link TokenCache} bean.
 */
@ConfigurationProperties("token-cache.metrics")
public class TokenCacheMetricsProperties {

	/**
	 * Whether to bind Micrometer meters to every TokenCache bean when a MeterRegistry exists.
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
