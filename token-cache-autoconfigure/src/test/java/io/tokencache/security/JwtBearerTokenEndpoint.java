package io.tokencache.security;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real token endpoint of the JWT bearer grant (RFC 7523), on the JDK's HTTP server, which
 * Spring Authorization Server does not offer: it issues a token that names the subject of the
 * request's assertion, valid for an hour whatever the assertion's own expiry. Before it answers,
 * it runs a hook, such as a {@link MissGate} that holds the answer until every caller missed.
 */
final class JwtBearerTokenEndpoint implements AutoCloseable {

	/** Part of every token issued, to look for where no token may be. */
	static final String DISTINCTIVE = "jwt-bearer-token-never-in-a-key";

	static final long EXPIRES_IN = 3600;

	private static final Pattern ASSERTION = Pattern.compile("(?:^|&)assertion=([^&]*)");

	private static final Pattern SUBJECT = Pattern.compile("\"sub\"\\s*:\\s*\"([^\"]*)\"");

	private final HttpServer server;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final AtomicInteger requests = new AtomicInteger();

	private volatile Runnable beforeAnswer = () -> {
	};

	JwtBearerTokenEndpoint() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/oauth2/token", this::answer);
		this.server.setExecutor(this.threads);
		this.server.start();
	}

	/** Runs the hook before each answer, on the endpoint's thread. */
	void beforeAnswer(Runnable hook) {
		this.beforeAnswer = hook;
	}

	int requests() {
		return this.requests.get();
	}

	String tokenUri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/oauth2/token";
	}

	private void answer(HttpExchange exchange) throws IOException {
		int n = this.requests.incrementAndGet();
		String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String subject = subject(form);
		this.beforeAnswer.run();
		byte[] body = ((subject == null) ? "{\"error\":\"invalid_grant\"}"
				: "{\"access_token\":\"" + DISTINCTIVE + "-" + n + " sub=" + subject
						+ "\",\"token_type\":\"Bearer\",\"expires_in\":" + EXPIRES_IN + "}")
			.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.getResponseHeaders().add("Cache-Control", "no-store");
		exchange.sendResponseHeaders((subject == null) ? 400 : 200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	/** The {@code sub} claim of the form's assertion (not verified: the test signs nothing). */
	private static String subject(String form) {
		Matcher assertion = ASSERTION.matcher(form);
		if (!assertion.find()) {
			return null;
		}
		String[] parts = URLDecoder.decode(assertion.group(1), StandardCharsets.UTF_8).split("\\.");
		if (parts.length < 2) {
			return null;
		}
		Matcher subject = SUBJECT
			.matcher(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
		return subject.find() ? subject.group(1) : null;
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.threads.shutdownNow();
	}

}
