package io.tokencache.security;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.web.client.RequestAttributeClientRegistrationIdResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * A servlet application that calls a resource server the way Spring Security documents it: a
 * {@code RestClient} with {@link OAuth2ClientHttpRequestInterceptor} over the default
 * {@link OAuth2AuthorizedClientManager}, with the failure handler that removes a rejected
 * client. Nothing in it mentions the token cache.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class ServletClientApplication {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	/** The calls to the resource server, which the other test applications share. */
	@Configuration(proxyBeanMethods = false)
	@Import(ResourceController.class)
	static class Calls {

		@Bean
		RestClient resourceClient(OAuth2AuthorizedClientManager manager, OAuth2AuthorizedClientRepository repository) {
			OAuth2ClientHttpRequestInterceptor interceptor = new OAuth2ClientHttpRequestInterceptor(manager);
			interceptor.setAuthorizationFailureHandler(
					OAuth2ClientHttpRequestInterceptor.authorizationFailureHandler(repository));
			return RestClient.builder().requestInterceptor(interceptor).build();
		}

	}

	@RestController
	static final class ResourceController {

		private final RestClient client;

		ResourceController(RestClient client) {
			this.client = client;
		}

		@GetMapping("/call")
		ResponseEntity<String> call(@RequestParam String uri, @RequestParam String registration) {
			try {
				return ResponseEntity.ok(this.client.get()
					.uri(uri)
					.attributes(RequestAttributeClientRegistrationIdResolver.clientRegistrationId(registration))
					.retrieve()
					.body(String.class));
			}
			catch (RestClientResponseException ex) {
				return ResponseEntity.status(ex.getStatusCode()).body("rejected");
			}
		}

	}

}
