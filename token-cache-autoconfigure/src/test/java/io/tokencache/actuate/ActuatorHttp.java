package io.tokencache.actuate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A real HTTP client for the actuator of a test server. Paths are sent exactly as given, so a
 * test controls every percent-encoding itself.
 */
public final class ActuatorHttp {

	private static final String SECURITY = "org.springframework.boot.security.autoconfigure.";

	/**
	 * Turns off Spring Security's auto-configuration, which is on the test classpath, for tests
	 * that are not about security: its firewall would otherwise reject encoded keys.
	 */
	public static final String WITHOUT_SECURITY = "spring.autoconfigure.exclude="
			+ SECURITY + "SecurityAutoConfiguration,"
			+ SECURITY + "UserDetailsServiceAutoConfiguration,"
			+ SECURITY + "ReactiveUserDetailsServiceAutoConfiguration,"
			+ SECURITY + "web.servlet.SecurityFilterAutoConfiguration,"
			+ SECURITY + "web.servlet.ServletWebSecurityAutoConfiguration,"
			+ SECURITY + "web.reactive.ReactiveWebSecurityAutoConfiguration,"
			+ SECURITY + "actuate.web.servlet.ManagementWebSecurityAutoConfiguration,"
			+ SECURITY + "actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration";

	private final HttpClient client = HttpClient.newHttpClient();

	private final String base;

	public ActuatorHttp(int port) {
		this.base = "http://localhost:" + port + "/actuator";
	}

	public HttpResponse<String> get(String rawPath) {
		return send(request(rawPath).GET());
	}

	public HttpResponse<String> delete(String rawPath) {
		return send(request(rawPath).DELETE());
	}

	public HttpResponse<String> get(String rawPath, String user, String password) {
		return send(request(rawPath).GET().header("Authorization", basic(user, password)));
	}

	public HttpResponse<String> delete(String rawPath, String user, String password) {
		return send(request(rawPath).DELETE().header("Authorization", basic(user, password)));
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	private HttpRequest.Builder request(String rawPath) {
		return HttpRequest.newBuilder(URI.create(this.base + rawPath));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
