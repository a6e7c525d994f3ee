package io.tokencache.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.jayway.jsonpath.JsonPath;

/**
 * A real HTTP client for the sample running on a local port.
 */
final class LocalHttp {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final HttpClient client;

	private final Duration timeout;

	private final String origin;

	LocalHttp(int port) {
		this(port, TIMEOUT);
	}

	LocalHttp(int port, Duration timeout) {
		this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
		this.timeout = timeout;
		this.origin = "http://localhost:" + port;
	}

	HttpResponse<String> get(String path) {
		return send(request(path).GET().build());
	}

	HttpResponse<String> delete(String path) {
		return send(request(path).DELETE().build());
	}

	/**
	 * Returns how many tokens the demo identity provider has issued, as its own stats endpoint
	 * reports it.
	 */
	long tokensIssued() {
		HttpResponse<String> response = get("/demo-issuer/stats");
		if (response.statusCode() != 200) {
			throw new IllegalStateException("GET /demo-issuer/stats answered " + response.statusCode());
		}
		return JsonPath.<Number>read(response.body(), "$.tokensIssued").longValue();
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.origin + path)).timeout(this.timeout);
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(request.method() + " " + request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(request.method() + " " + request.uri() + " was interrupted", ex);
		}
	}

}
