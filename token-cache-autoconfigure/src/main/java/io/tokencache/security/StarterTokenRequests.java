package io.tokencache.security;

import java.time.Duration;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * What the starter's own per-user response clients (token exchange, JWT bearer, refresh
 * token) send their requests with: one request factory for the servlet clients, one
 * {@code WebClient} for the reactive ones, each bounded by
 * {@code token-cache.oauth2-client.request-timeout} (see {@link TokenRequests}). The factory
 * is closed with the context.
 */
final class StarterTokenRequests {

	private StarterTokenRequests() {
	}

	/** The servlet clients' request factory, and what reads {@code Retry-After} in front of them. */
	record Servlet(ClientHttpRequestFactory factory, RetryAfters retryAfters) implements DisposableBean {

		@Override
		public void destroy() throws Exception {
			TokenRequests.close(this.factory);
		}

	}

	/** The reactive clients' {@code WebClient}, whose connector has no timeouts of its own. */
	record Reactive(WebClient webClient, Duration timeout, RetryAfters retryAfters) {

	}

}
