package io.tokencache.sample.demo;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * A protected API: it answers only requests that carry a bearer token the demo identity provider
 * issued and that has neither expired nor been revoked (RFC 6750).
 */
@RestController
@ConditionalOnBooleanProperty(name = "sample.demo.enabled", matchIfMissing = true)
final class DemoApiController {

	private static final String BEARER = "Bearer ";

	private final IssuedTokens issuedTokens;

	DemoApiController(IssuedTokens issuedTokens) {
		this.issuedTokens = issuedTokens;
	}

	@GetMapping("/demo-api/greeting")
	ResponseEntity<DemoGreeting> greeting(
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization) {
		Optional<IssuedTokens.Grant> grant = bearerToken(authorization).flatMap(this.issuedTokens::find);
		if (grant.isEmpty()) {
			return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
				.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
				.build();
		}
		IssuedTokens.Grant granted = grant.get();
		return ResponseEntity.ok(new DemoGreeting("Hello, " + granted.clientId() + "!", granted.serial(),
				this.issuedTokens.timeLeft(granted).toSeconds()));
	}

	private static Optional<String> bearerToken(@Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return Optional.empty();
		}
		return Optional.of(authorization.substring(BEARER.length()).trim());
	}

}
