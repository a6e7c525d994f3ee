package io.tokencache.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP token endpoint for per-user grants, on a local port: it answers token exchange
 * requests with a new token each time, and refresh requests with a new access token and a new
 * refresh token, rejecting with {@code invalid_grant} a refresh token it has already rotated,
 * as identity providers that rotate refresh tokens do. Each answer takes the latency set.
 */
final class UserTokenEndpoint implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();

	private final AtomicInteger issued = new AtomicInteger();

	final AtomicInteger exchanges = new AtomicInteger();

	final AtomicInteger refreshes = new AtomicInteger();

	final AtomicInteger invalidGrants = new AtomicInteger();

	volatile long latencyMillis = 50;

	UserTokenEndpoint() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
		this.server.createContext("/oauth2/token", this::token);
		this.server.setExecutor(this.threads);
		this.server.start();
	}

	String tokenUri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/oauth2/token";
	}

	/** A refresh token the endpoint accepts once, as if the user had just logged in. */
	String issueRefreshToken() {
		String token = "refresh-" + this.issued.incrementAndGet();
		this.refreshTokens.add(token);
		return token;
	}

	private void token(HttpExchange exchange) throws IOException {
		try (exchange) {
			Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			Thread.sleep(this.latencyMillis);
			if ("refresh_token".equals(form.get("grant_type"))) {
				this.refreshes.incrementAndGet();
				if (!this.refreshTokens.remove(form.get("refresh_token"))) {
					this.invalidGrants.incrementAndGet();
					send(exchange, 400, "{\"error\":\"invalid_grant\"}");
					return;
				}
				send(exchange, 200, "{\"access_token\":\"" + Tokens.token(this.issued.incrementAndGet())
						+ "\",\"token_type\":\"Bearer\",\"expires_in\":300,\"refresh_token\":\"" + issueRefreshToken()
						+ "\"}");
				return;
			}
			this.exchanges.incrementAndGet();
			send(exchange, 200, "{\"access_token\":\"" + Tokens.token(this.issued.incrementAndGet())
					+ "\",\"token_type\":\"Bearer\",\"expires_in\":300,"
					+ "\"issued_token_type\":\"urn:ietf:params:oauth:token-type:access_token\"}");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void send(HttpExchange exchange, int status, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static Map<String, String> form(String body) {
		Map<String, String> form = new HashMap<>();
		for (String pair : body.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return form;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.threads.shutdownNow();
	}

}
