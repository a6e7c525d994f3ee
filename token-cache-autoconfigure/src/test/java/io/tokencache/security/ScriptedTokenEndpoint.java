package io.tokencache.security;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import com.sun.net.httpserver.HttpServer;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;

/**
 * A real token endpoint, on the JDK's HTTP server on the loopback address, that answers as a
 * test scripts it: what Spring Authorization Server cannot be made to do, such as leaving out
 * {@code expires_in} or answering 429 with {@code Retry-After}.
 */
final class ScriptedTokenEndpoint implements AutoCloseable {

	private final HttpServer server;

	private final AtomicInteger requests = new AtomicInteger();

	private volatile String lastClient = "";

	private volatile IntFunction<Reply> script;

	ScriptedTokenEndpoint(IntFunction<Reply> script) throws IOException {
		this.script = script;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/oauth2/token", (exchange) -> {
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			if (authorization != null && authorization.startsWith("Basic ")) {
				this.lastClient = new String(Base64.getDecoder().decode(authorization.substring(6)),
						StandardCharsets.UTF_8);
			}
			Reply reply = this.script.apply(this.requests.incrementAndGet());
			byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
			reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.getResponseHeaders().add("Cache-Control", "no-store");
			exchange.sendResponseHeaders(reply.status(), (body.length > 0) ? body.length : -1);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.start();
	}

	/** Replaces the script; the request count goes on. */
	void script(IntFunction<Reply> script) {
		this.script = script;
	}

	/** The {@code client-id:secret} (form-encoded, as HTTP Basic sends them) of the last request. */
	String lastClient() {
		return this.lastClient;
	}

	int requests() {
		return this.requests.get();
	}

	String tokenUri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/oauth2/token";
	}

	ClientRegistration.Builder registration(String registrationId) {
		return ClientRegistration.withRegistrationId(registrationId)
			.clientId(registrationId + "-client")
			.clientSecret(registrationId + "-secret")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scope("api.read")
			.tokenUri(tokenUri());
	}

	@Override
	public void close() {
		this.server.stop(0);
		((java.util.concurrent.ExecutorService) this.server.getExecutor()).shutdownNow();
	}

	/** A token response without {@code expires_in}. */
	static Reply token(String accessToken) {
		return new Reply(200, Map.of(),
				"{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"scope\":\"api.read\"}");
	}

	/** A token response with {@code expires_in}. */
	static Reply token(String accessToken, long expiresIn) {
		return new Reply(200, Map.of(), "{\"access_token\":\"" + accessToken
				+ "\",\"token_type\":\"Bearer\",\"scope\":\"api.read\",\"expires_in\":" + expiresIn + "}");
	}

	/** An answer with no token, such as a 429 with {@code Retry-After}. */
	static Reply status(int status, Map<String, String> headers) {
		return new Reply(status, headers, "");
	}

	record Reply(int status, Map<String, String> headers, String body) {

	}

}
