package io.tokencache.sample.demo;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An error response from the token endpoint (RFC 6749, section 5.2).
 *
 * @param error the error code, such as {@code invalid_client}
 * @param description a human-readable explanation
 */
record OAuthError(String error, @JsonProperty("error_description") String description) {

}
