package io.tokencache.security;

import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.RemoveAuthorizedClientReactiveOAuth2AuthorizationFailureHandler;
import org.springframework.security.oauth2.client.web.reactive.function.client.ServerOAuth2AuthorizedClientExchangeFilterFunction;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.server.ServerWebExchange;

/**
 * A WebFlux application that calls a resource server through a {@code WebClient} with
 * {@link ServerOAuth2AuthorizedClientExchangeFilterFunction} over the default
 * {@link ReactiveOAuth2AuthorizedClientManager}, with the failure handler that removes a
 * rejected client. Nothing in it mentions the token cache.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class ReactiveClientApplication {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
		return http.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.build();
	}

	/** The calls to the resource server, which the other test applications share. */
	@Configuration(proxyBeanMethods = false)
	@Import(ResourceController.class)
	static class Calls {

		@Bean
		WebClient resourceClient(ReactiveOAuth2AuthorizedClientManager manager,
				ServerOAuth2AuthorizedClientRepository repository) {
			ServerOAuth2AuthorizedClientExchangeFilterFunction oauth2 = new ServerOAuth2AuthorizedClientExchangeFilterFunction(
					manager);
			oauth2.setAuthorizationFailureHandler(new RemoveAuthorizedClientReactiveOAuth2AuthorizationFailureHandler(
					(registrationId, principal, attributes) -> repository.removeAuthorizedClient(registrationId, principal,
							(ServerWebExchange) attributes.get(ServerWebExchange.class.getName()))));
			return WebClient.builder().filter(oauth2).build();
		}

	}

	@RestController
	static final class ResourceController {

		private final WebClient client;

		ResourceController(WebClient client) {
			this.client = client;
		}

		@GetMapping("/call")
		Mono<ResponseEntity<String>> call(@RequestParam String uri, @RequestParam String registration) {
			return this.client.get()
				.uri(uri)
				.attributes(ServerOAuth2AuthorizedClientExchangeFilterFunction.clientRegistrationId(registration))
				.retrieve()
				.bodyToMono(String.class)
				.map(ResponseEntity::ok)
				.onErrorResume(WebClientResponseException.class,
						(ex) -> Mono.just(ResponseEntity.status(ex.getStatusCode()).body("rejected")));
		}

	}

}
