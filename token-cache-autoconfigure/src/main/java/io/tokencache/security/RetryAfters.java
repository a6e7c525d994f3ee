package io.tokencache.security;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * Reads a token endpoint's {@code Retry-After} on a 429 (Too Many Requests) or 503 (Service
 * Unavailable) answer, in seconds or as an HTTP date, and fails the request with a
 * {@link TokenEndpointRetryAfterException} that holds the key back for that long, at most
 * {@code token-cache.oauth2-client.max-retry-after}.
 * <p>
 * It sits in the starter's own token clients, in front of Spring Security's error handling,
 * which reads no headers. Any other answer, or a {@code Retry-After} that cannot be read or is
 * already over, goes on to Spring Security as before, and the key backs off as after any failed
 * load. A response client that the application defines is not changed.
 */
final class RetryAfters {

	private static final String HEADER = "Retry-After";

	private final Duration max;

	private final Clock clock;

	RetryAfters(Duration max, Clock clock) {
		this.max = max;
		this.clock = clock;
	}

	/** For the servlet client's {@code RestClient}. */
	ClientHttpRequestInterceptor interceptor() {
		return (request, body, execution) -> {
			ClientHttpResponse response = execution.execute(request, body);
			TokenEndpointRetryAfterException retry = check(response.getStatusCode().value(),
					response.getHeaders().getFirst(HEADER), request.getURI());
			if (retry != null) {
				response.close();
				throw retry;
			}
			return response;
		};
	}

	/** For the reactive client's {@code WebClient}. */
	ExchangeFilterFunction filter() {
		return (request, next) -> next.exchange(request).flatMap((response) -> {
			TokenEndpointRetryAfterException retry = check(response.statusCode().value(),
					response.headers().asHttpHeaders().getFirst(HEADER), request.url());
			return (retry != null) ? response.releaseBody().then(Mono.error(retry)) : Mono.just(response);
		});
	}

	/** The exception to fail with, or {@code null} to let the answer through. */
	@Nullable TokenEndpointRetryAfterException check(int status, @Nullable String header, URI uri) {
		if ((status != 429 && status != 503) || header == null) {
			return null;
		}
		Instant now = this.clock.instant();
		Duration asked = parse(header, now);
		if (asked == null || asked.isNegative() || asked.isZero()) {
			return null;
		}
		boolean capped = asked.compareTo(this.max) > 0;
		Duration wait = capped ? this.max : asked;
		Instant nextTry = now.plus(wait);
		String description = "The token endpoint " + uri + " answered " + status + " with Retry-After: "
				+ header.strip() + "; no token request before " + nextTry
				+ (capped ? " (capped by token-cache.oauth2-client.max-retry-after)" : "");
		return new TokenEndpointRetryAfterException(description, wait, nextTry);
	}

	/**
	 * Reads a {@code Retry-After} value: a number of seconds, or an HTTP date in any of the three
	 * formats HTTP allows.
	 * @return the wait from {@code now}, negative for a date already past, or {@code null} if
	 * the value is neither
	 */
	static @Nullable Duration parse(String value, Instant now) {
		String text = value.strip();
		if (!text.isEmpty() && text.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			// More digits than a long holds is years anyway: the cap applies.
			return (text.length() > 18) ? Duration.ofSeconds(Long.MAX_VALUE / 2) : Duration.ofSeconds(Long.parseLong(text));
		}
		HttpHeaders headers = new HttpHeaders();
		headers.set(HEADER, text);
		try {
			ZonedDateTime date = headers.getFirstZonedDateTime(HEADER);
			return (date != null) ? Duration.between(now, date.toInstant()) : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
