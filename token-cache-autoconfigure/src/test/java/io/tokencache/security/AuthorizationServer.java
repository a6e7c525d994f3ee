package io.tokencache.security;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A real Spring Authorization Server, started in-process as a context of its own on a random
 * port, with a resource endpoint beside it.
 * <p>
 * It registers two clients for the client-credentials grant: {@code client-1}, whose tokens
 * live 5 minutes, and {@code short-client}, whose tokens live 30 seconds, less than Spring
 * Security's 60-second clock skew. A filter in front of Spring Security counts the token
 * requests per client, can hold them, and serves {@code GET /resource}, which names the bearer
 * token it got by its serial number (1 for the first distinct token it saw) and can reject a
 * given serial once with 401 and {@code WWW-Authenticate: Bearer error="invalid_token"}.
 */
final class AuthorizationServer implements AutoCloseable {

	/** Start of every client's secret, which a test looks for where it must not be. */
	static final String SECRET = "client-secret-never-in-a-key";

	private final ConfigurableApplicationContext context;

	private final Probe probe;

	private AuthorizationServer(ConfigurableApplicationContext context) {
		this.context = context;
		this.probe = context.getBean(Probe.class);
	}

	private static @Nullable AuthorizationServer shared;

	/**
	 * Returns the server that the test classes share, starting it on first use. Spring's
	 * shutdown hook closes it when the JVM exits.
	 */
	static synchronized AuthorizationServer shared() {
		if (shared == null) {
			shared = start();
		}
		return shared;
	}

	private static AuthorizationServer start() {
		return new AuthorizationServer(new SpringApplicationBuilder(Issuer.class)
			.properties(client("client-1", "5m"))
			.properties(client("short-client", "30s"))
			.properties(client("user-1", "5m"))
			.properties(client("user-2", "5m"))
			.properties(grant(client("exchanger", "5m"), "urn:ietf:params:oauth:grant-type:token-exchange"))
			.properties(grant(client("login-client", "5m"), "authorization_code", "refresh_token"))
			.properties(LOGIN_CLIENT + "registration.redirect-uris=http://localhost/callback",
					LOGIN_CLIENT + "token.reuse-refresh-tokens=false")
			.properties("server.port=0", "spring.main.banner-mode=off", "token-cache.enabled=false",
					"spring.jmx.enabled=false")
			.run());
	}

	private static String[] client(String id, String timeToLive) {
		String prefix = "spring.security.oauth2.authorizationserver.client." + id + ".";
		return new String[] { prefix + "registration.client-id=" + id,
				prefix + "registration.client-secret={noop}" + SECRET + "-" + id,
				prefix + "registration.client-authentication-methods=client_secret_basic",
				prefix + "registration.authorization-grant-types=client_credentials",
				prefix + "registration.scopes=api.read,api.write",
				prefix + "token.access-token-time-to-live=" + timeToLive };
	}

	private static final String LOGIN_CLIENT = "spring.security.oauth2.authorizationserver.client.login-client.";

	/** A client's properties with other grant types than client credentials. */
	private static String[] grant(String[] client, String... grantTypes) {
		String[] properties = client.clone();
		for (int i = 0; i < properties.length; i++) {
			if (properties[i].contains(".registration.authorization-grant-types=")) {
				properties[i] = properties[i].substring(0, properties[i].indexOf('=') + 1) + String.join(",", grantTypes);
			}
		}
		return properties;
	}

	String uri(String path) {
		return "http://localhost:" + this.context.getEnvironment().getProperty("local.server.port") + path;
	}

	/** The client registration properties of a client application for one registered client. */
	String[] registration(String registrationId, String clientId) {
		return registration(registrationId, clientId, "client_credentials");
	}

	/**
	 * The client registration properties for one registered client and grant, and the JWK set
	 * of the issuer, for an application that also accepts the issuer's tokens as a resource
	 * server.
	 */
	String[] registration(String registrationId, String clientId, String grantType) {
		String prefix = "spring.security.oauth2.client.registration." + registrationId + ".";
		String provider = "spring.security.oauth2.client.provider.test-issuer.";
		return new String[] { prefix + "client-id=" + clientId, prefix + "client-secret=" + SECRET + "-" + clientId,
				prefix + "authorization-grant-type=" + grantType, prefix + "scope=api.write,api.read",
				prefix + "provider=test-issuer", provider + "token-uri=" + uri("/oauth2/token"),
				provider + "authorization-uri=" + uri("/oauth2/authorize"),
				"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + uri("/oauth2/jwks") };
	}

	/**
	 * A user's own access token, a JWT whose subject is the user: the issuer's client-credentials
	 * token of the client named after the user ({@code user-1}, {@code user-2}).
	 */
	String userToken(String user) {
		return new UserTokens(this).clientCredentials(user);
	}

	/**
	 * Records, as the issuer would after a login, that the user holds a refresh token for
	 * {@code login-client}, and returns it. Its access token has expired already.
	 */
	String seedRefreshToken(String user) {
		return new UserTokens(this).seedRefreshToken(user);
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	Probe probe() {
		return this.probe;
	}

	@Override
	public void close() {
		this.context.close();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Issuer {

		@Bean
		OAuth2AuthorizationService authorizationService() {
			return new UsersAuthorizationService();
		}

		@Bean
		Probe probe() {
			return new Probe();
		}

		@Bean
		FilterRegistrationBean<Probe> probeRegistration(Probe probe) {
			FilterRegistrationBean<Probe> registration = new FilterRegistrationBean<>(probe);
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

	}

	/**
	 * Counts token requests, holds them while a test wants, and plays the resource server.
	 */
	static final class Probe extends OncePerRequestFilter {

		private final Map<String, AtomicInteger> tokenRequests = new ConcurrentHashMap<>();

		private final Map<String, AtomicInteger> tokenErrors = new ConcurrentHashMap<>();

		private final Map<String, Integer> serials = new ConcurrentHashMap<>();

		private final Set<Integer> rejectOnce = ConcurrentHashMap.newKeySet();

		private volatile Runnable onTokenRequest = () -> {
		};

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			if (request.getRequestURI().equals("/oauth2/token")) {
				String clientId = clientId(request);
				this.tokenRequests.computeIfAbsent(clientId, (id) -> new AtomicInteger()).incrementAndGet();
				this.onTokenRequest.run();
				chain.doFilter(request, response);
				if (response.getStatus() >= 400) {
					this.tokenErrors.computeIfAbsent(clientId, (id) -> new AtomicInteger()).incrementAndGet();
				}
			}
			else if (request.getRequestURI().equals("/resource")) {
				serve(request, response);
			}
			else {
				chain.doFilter(request, response);
			}
		}

		private void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
			String authorization = request.getHeader("Authorization");
			if (authorization == null || !authorization.startsWith("Bearer ")) {
				response.setStatus(401);
				return;
			}
			int serial;
			synchronized (this.serials) {
				serial = this.serials.computeIfAbsent(authorization.substring(7), (token) -> this.serials.size() + 1);
			}
			if (this.rejectOnce.remove(serial)) {
				response.setStatus(401);
				response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
				return;
			}
			response.setContentType("text/plain");
			response.getWriter().print("token-" + serial + " sub=" + subject(authorization.substring(7)));
		}

		private static String clientId(HttpServletRequest request) {
			String authorization = request.getHeader("Authorization");
			if (authorization == null || !authorization.startsWith("Basic ")) {
				return "unknown";
			}
			String decoded = new String(java.util.Base64.getDecoder().decode(authorization.substring(6)),
					java.nio.charset.StandardCharsets.UTF_8);
			return decoded.substring(0, decoded.indexOf(':'));
		}

		/** The subject of a JWT, or {@code -} for another token. */
		private static String subject(String token) {
			String[] parts = token.split("\\.");
			if (parts.length != 3) {
				return "-";
			}
			String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]),
					java.nio.charset.StandardCharsets.UTF_8);
			java.util.regex.Matcher sub = java.util.regex.Pattern.compile("\"sub\"\\s*:\\s*\"([^\"]+)\"")
				.matcher(payload);
			return sub.find() ? sub.group(1) : "-";
		}

		/** How many token requests of the client the issuer refused, {@code invalid_grant} among them. */
		int tokenErrors(String clientId) {
			AtomicInteger count = this.tokenErrors.get(clientId);
			return (count != null) ? count.get() : 0;
		}

		int tokenRequests(String clientId) {
			AtomicInteger count = this.tokenRequests.get(clientId);
			return (count != null) ? count.get() : 0;
		}

		/** Rejects, once, the next token the resource endpoint has not seen before. */
		void rejectNextNewTokenOnce() {
			synchronized (this.serials) {
				this.rejectOnce.add(this.serials.size() + 1);
			}
		}

		void onTokenRequest(Runnable hook) {
			this.onTokenRequest = hook;
		}

		void reset() {
			this.tokenRequests.clear();
			this.tokenErrors.clear();
			this.rejectOnce.clear();
			this.onTokenRequest = () -> {
			};
		}

	}

}
