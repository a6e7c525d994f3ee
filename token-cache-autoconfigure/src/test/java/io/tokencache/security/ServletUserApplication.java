package io.tokencache.security;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A servlet service in a call chain: a resource server that accepts its users' JWTs and calls
 * the next service on their behalf, with the same {@code RestClient} as
 * {@link ServletClientApplication}. Nothing in it mentions the token cache.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(ServletClientApplication.Calls.class)
class ServletUserApplication {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()))
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	/**
	 * The issuer's keys. Declared, because the authorization server's auto-configuration, on
	 * this test classpath too, would otherwise decode with a key of this application's own.
	 */
	@Bean
	JwtDecoder jwtDecoder(Environment environment) {
		return NimbusJwtDecoder
			.withJwkSetUri(environment.getRequiredProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri"))
			.build();
	}

}
