package io.tokencache.security;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Real HTTP callers of a client application, each without cookies, so that each call is a new
 * anonymous principal's first: Spring Security's authorized-client store never answers for it.
 */
final class Callers {

	/** Longer than any gate's wait, so that a gate that gives up fails on its count, not here. */
	static final Duration TIMEOUT = Duration.ofSeconds(120);

	private final HttpClient client;

	private final String origin;

	private final String authorization;

	Callers(int port) {
		this(port, HttpClient.newBuilder(), "");
	}

	private Callers(int port, HttpClient.Builder client, String authorization) {
		this.client = client.version(HttpClient.Version.HTTP_1_1).build();
		this.origin = "http://localhost:" + port;
		this.authorization = authorization;
	}

	/** A user's caller, which authenticates each call with the user's own access token. */
	static Callers withBearer(int port, String token) {
		return new Callers(port, HttpClient.newBuilder(), "Bearer " + token);
	}

	/** A caller that keeps its cookies, so that its calls share one session and one principal. */
	static Callers withSession(int port) {
		return new Callers(port, HttpClient.newBuilder().cookieHandler(new CookieManager()), "");
	}

	HttpResponse<String> get(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.origin + path)).timeout(TIMEOUT).GET();
		if (!this.authorization.isEmpty()) {
			builder.header("Authorization", this.authorization);
		}
		HttpRequest request = builder.build();
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("GET " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("GET " + path + " was interrupted", ex);
		}
	}

	/** Sends the same GET from that many threads released at once, and returns the bodies. */
	List<String> concurrently(int callers, String path) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(callers);
		try {
			List<Future<HttpResponse<String>>> futures = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				futures.add(threads.submit(() -> {
					start.await();
					return get(path);
				}));
			}
			start.countDown();
			List<String> bodies = new ArrayList<>();
			for (Future<HttpResponse<String>> future : futures) {
				HttpResponse<String> response = future.get(TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
				bodies.add(response.statusCode() + " " + response.body());
			}
			return bodies;
		}
		finally {
			threads.shutdownNow();
		}
	}

}
