package io.tokencache.sample.demo;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A minimal OAuth2 token endpoint for the client-credentials grant, plus a count of the tokens it
 * issued and a way to revoke them all.
 */
@RestController
@RequestMapping("/demo-issuer")
@ConditionalOnBooleanProperty(name = "sample.demo.enabled", matchIfMissing = true)
final class DemoIssuerController {

	private final IssuedTokens issuedTokens;

	private final DemoProperties properties;

	DemoIssuerController(IssuedTokens issuedTokens, DemoProperties properties) {
		this.issuedTokens = issuedTokens;
		this.properties = properties;
	}

	@PostMapping(path = "/oauth2/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
	ResponseEntity<?> token(
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
			@RequestParam MultiValueMap<String, String> form) {
		if (!"client_credentials".equals(form.getFirst("grant_type"))) {
			return error(HttpStatus.BAD_REQUEST, "unsupported_grant_type", "Only client_credentials is supported");
		}
		Optional<ClientCredentials> credentials = ClientCredentials.from(authorization, form);
		if (credentials.isEmpty()
				|| !credentials.get().matches(this.properties.clientId(), this.properties.clientSecret())) {
			return error(HttpStatus.UNAUTHORIZED, "invalid_client", "Unknown client or wrong secret");
		}
		String token = this.issuedTokens.issue(this.properties.clientId(), this.properties.expiresIn());
		TokenResponse body = new TokenResponse(token, "Bearer", this.properties.expiresIn().toSeconds(),
				form.getFirst("scope"));
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
	}

	@GetMapping("/stats")
	IssuerStats stats() {
		return new IssuerStats(this.issuedTokens.issuedCount());
	}

	@DeleteMapping("/tokens")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void revokeAll() {
		this.issuedTokens.revokeAll();
	}

	private static ResponseEntity<OAuthError> error(HttpStatus status, String error, String description) {
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status).cacheControl(CacheControl.noStore());
		if (status == HttpStatus.UNAUTHORIZED) {
			response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"demo-issuer\"");
		}
		return response.body(new OAuthError(error, description));
	}

}
