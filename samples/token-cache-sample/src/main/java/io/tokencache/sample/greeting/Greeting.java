package io.tokencache.sample.greeting;

import tools.jackson.databind.JsonNode;

/**
 * What {@code GET /api/greeting} returns: the downstream API's answer, and the client
 * registration whose token it sent.
 *
 * @param registrationId the Spring Security client registration
 * @param downstream the protected API's response body
 */
record Greeting(String registrationId, JsonNode downstream) {

}
