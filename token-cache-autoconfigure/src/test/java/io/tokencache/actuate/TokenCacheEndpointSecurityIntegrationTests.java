package io.tokencache.actuate;

import java.time.Duration;

import io.tokencache.TokenCache;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code tokencache} endpoint follows the application's management security like any
 * actuator endpoint: here, the one that docs/operations.md shows.
 */
@SpringBootTest(classes = TokenCacheEndpointSecurityIntegrationTests.App.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=tokencache")
class TokenCacheEndpointSecurityIntegrationTests {

	@Autowired
	private TokenCache tokenCache;

	@LocalServerPort
	private int port;

	private ActuatorHttp http;

	@BeforeEach
	void setUp() {
		this.tokenCache.clear();
		this.tokenCache.put("billing", "secret-billing", Duration.ofHours(1));
		this.http = new ActuatorHttp(this.port);
	}

	@Test
	void unauthenticatedReadIsRefused() {
		assertThat(this.http.get("/tokencache").statusCode()).isEqualTo(401);
		assertThat(this.http.get("/tokencache/billing").statusCode()).isEqualTo(401);
	}

	@Test
	void unauthenticatedDeleteIsRefusedAndChangesNothing() {
		assertThat(this.http.delete("/tokencache/billing").statusCode()).isEqualTo(401);
		assertThat(this.http.delete("/tokencache").statusCode()).isEqualTo(401);
		assertThat(this.tokenCache.get("billing")).contains("secret-billing");
	}

	@Test
	void deleteByAUserWithoutTheRoleIsForbiddenAndChangesNothing() {
		assertThat(this.http.delete("/tokencache/billing", "viewer", "viewer-password").statusCode()).isEqualTo(403);
		assertThat(this.tokenCache.get("billing")).contains("secret-billing");
	}

	@Test
	void deleteWithWrongCredentialsIsRefused() {
		assertThat(this.http.delete("/tokencache/billing", "operator", "wrong").statusCode()).isEqualTo(401);
		assertThat(this.tokenCache.get("billing")).contains("secret-billing");
	}

	@Test
	void deleteByAnOperatorIsAllowed() {
		assertThat(this.http.delete("/tokencache/billing", "operator", "operator-password").statusCode())
			.isEqualTo(204);
		assertThat(this.tokenCache.get("billing")).isEmpty();
	}

	@Test
	void keyWithAnEncodedPercentSignIsRejectedBySpringSecuritysFirewall() {
		this.tokenCache.put("100%", "secret", Duration.ofHours(1));
		assertThat(this.http.get("/tokencache/100%25", "operator", "operator-password").statusCode()).isEqualTo(400);
		assertThat(this.http.delete("/tokencache/100%25", "operator", "operator-password").statusCode())
			.isEqualTo(400);
		assertThat(this.tokenCache.get("100%")).contains("secret");
	}

	@Test
	void keysWithSlashesSpacesAndColonsPassSpringSecuritysFirewall() {
		this.tokenCache.put("tenant/billing api:v1", "secret", Duration.ofHours(1));
		assertThat(this.http.get("/tokencache/tenant/billing%20api:v1", "operator", "operator-password").statusCode())
			.isEqualTo(200);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
			// Basic authentication carries no session cookie, so CSRF tokens add nothing here.
			return http.securityMatcher(EndpointRequest.toAnyEndpoint())
				.authorizeHttpRequests((requests) -> requests.anyRequest().hasRole("OPERATOR"))
				.httpBasic(Customizer.withDefaults())
				.csrf(AbstractHttpConfigurer::disable)
				.build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("operator").password("{noop}operator-password").roles("OPERATOR").build(),
					User.withUsername("viewer").password("{noop}viewer-password").roles("VIEWER").build());
		}

	}

}
