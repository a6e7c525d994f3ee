package io.tokencache.security;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The reactive counterpart of {@link ServletUserApplication}: a WebFlux resource server that
 * calls the next service on its users' behalf with the {@code WebClient} of
 * {@link ReactiveClientApplication}. Nothing in it mentions the token cache.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(ReactiveClientApplication.Calls.class)
class ReactiveUserApplication {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
		return http.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()))
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.build();
	}

	/** The issuer's keys, as in {@link ServletUserApplication#jwtDecoder}. */
	@Bean
	ReactiveJwtDecoder issuerJwtDecoder(Environment environment) {
		return NimbusReactiveJwtDecoder
			.withJwkSetUri(environment.getRequiredProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri"))
			.build();
	}

}
