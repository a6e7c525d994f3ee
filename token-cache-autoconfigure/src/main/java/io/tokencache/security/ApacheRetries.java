package io.tokencache.security;

import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.util.ClassUtils;

/**
 * Turns off Apache HttpClient 5's own retries for the starter's token requests.
 * <p>
 * By default Apache HttpClient answers a 429 or 503 by sleeping for its {@code Retry-After},
 * however long, and sending the request again: the key's load would hold its callers and its
 * thread that long, beyond any request timeout, and the cache would never see the answer. With
 * its retries off, the cache backs the key off instead ({@link RetryAfters}), one request per
 * load. Only referenced once Apache HttpClient is known to be present.
 */
final class ApacheRetries {

	private static final String HTTP_CLIENT_BUILDER = "org.apache.hc.client5.http.impl.classic.HttpClientBuilder";

	private ApacheRetries() {
	}

	/**
	 * Returns the builder with Apache HttpClient's retries off if it builds on Apache
	 * HttpClient, else the builder itself.
	 */
	static ClientHttpRequestFactoryBuilder<?> off(ClientHttpRequestFactoryBuilder<?> builder,
			@Nullable ClassLoader classLoader) {
		if (!ClassUtils.isPresent(HTTP_CLIENT_BUILDER, classLoader)) {
			return builder;
		}
		return Apache.off(builder);
	}

	/** Separate, so that its references to Apache's classes are resolved only with them present. */
	private static final class Apache {

		static ClientHttpRequestFactoryBuilder<?> off(ClientHttpRequestFactoryBuilder<?> builder) {
			if (builder instanceof HttpComponentsClientHttpRequestFactoryBuilder apache) {
				return apache.withHttpClientCustomizer(HttpClientBuilder::disableAutomaticRetries);
			}
			return builder;
		}

	}

}
