package io.tokencache.sample.greeting;

import tools.jackson.databind.JsonNode;

/**
 * What {@code GET /api/greeting} returns: the downstream API's answer, and the key its token is
 * cached under so that it can be looked up in {@code /actuator/tokencache}.
 *
 * @param cacheKey the token's key in the cache
 * @param downstream the protected API's response body
 */
record Greeting(String cacheKey, JsonNode downstream) {

}
