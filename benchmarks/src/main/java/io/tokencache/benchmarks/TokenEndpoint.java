package io.tokencache.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP token endpoint on a local port that answers every client-credentials request
 * after {@link #LATENCY}, with a new token each time, and serves concurrent requests
 * concurrently, as an identity provider does.
 */
final class TokenEndpoint implements AutoCloseable {

	static final Duration LATENCY = Duration.ofMillis(50);

	private final HttpServer server;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final AtomicInteger issued = new AtomicInteger();

	TokenEndpoint() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
		this.server.createContext("/oauth2/token", this::token);
		this.server.setExecutor(this.threads);
		this.server.start();
	}

	String tokenUri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/oauth2/token";
	}

	private void token(HttpExchange exchange) throws IOException {
		try (exchange) {
			exchange.getRequestBody().readAllBytes();
			Thread.sleep(LATENCY.toMillis());
			byte[] body = ("{\"access_token\":\"" + Tokens.token(this.issued.incrementAndGet())
					+ "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"scope\":\"api.read\"}")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.threads.shutdownNow();
	}

}
