package io.tokencache.sample.greeting;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * The sample's own API. Every request needs the downstream API, and so a token; the cache makes
 * that one token fetch per token lifetime, however many requests arrive at once.
 */
@RestController
final class GreetingController {

	private final DownstreamApi downstreamApi;

	private final ClientProperties properties;

	GreetingController(DownstreamApi downstreamApi, ClientProperties properties) {
		this.downstreamApi = downstreamApi;
		this.properties = properties;
	}

	@GetMapping("/api/greeting")
	Greeting greeting() {
		return new Greeting(this.properties.registrationId(), this.downstreamApi.get());
	}

	@ExceptionHandler(OAuth2AuthorizationException.class)
	ProblemDetail tokenUnavailable(OAuth2AuthorizationException ex) {
		// The error code only: a description can quote the token endpoint's response.
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, "No token for registration '"
				+ this.properties.registrationId() + "': " + ex.getError().getErrorCode());
	}

	@ExceptionHandler(RestClientException.class)
	ProblemDetail downstreamFailed(RestClientException ex) {
		// Not the exception's message: it can quote the downstream response body.
		String status = (ex instanceof RestClientResponseException response) ? " with " + response.getStatusCode() : "";
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY, "The downstream API call failed" + status);
	}

}
