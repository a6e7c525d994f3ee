package io.tokencache.sample.greeting;

import java.io.IOException;
import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;
import org.springframework.stereotype.Component;

/**
 * Resolves a path-only URI against this application's own server. The port is known only once
 * the server has started (it is random in tests), so the sample's default URIs are paths and are
 * resolved per call rather than when the properties are bound. As a request interceptor it does
 * the same for requests it did not build, such as Spring Security's token request.
 */
@Component
final class LocalServer implements ApplicationListener<WebServerInitializedEvent>, ClientHttpRequestInterceptor {

	private volatile @Nullable URI origin;

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		// A separate management server announces itself too; only the main one serves the demo.
		if (event.getApplicationContext().getServerNamespace() == null) {
			this.origin = URI.create("http://localhost:" + event.getWebServer().getPort());
		}
	}

	URI resolve(URI uri) {
		if (uri.isAbsolute()) {
			return uri;
		}
		URI origin = this.origin;
		if (origin == null) {
			throw new IllegalStateException("Cannot resolve '" + uri + "' before the web server has started");
		}
		return origin.resolve(uri);
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		URI resolved = resolve(request.getURI());
		return execution.execute(new HttpRequestWrapper(request) {

			@Override
			public URI getURI() {
				return resolved;
			}

		}, body);
	}

}
