package io.tokencache.redis;

import java.time.Duration;

/**
 * A token as read from Redis.
 *
 * @param value the token
 * @param remaining its remaining real lifetime, from the key's PTTL
 * @param refreshBuffer how long before expiry the loading instance stopped using it, so that a
 * token past that point is not taken by another instance either
 */
record SharedToken(String value, Duration remaining, Duration refreshBuffer) {

	boolean isUsable() {
		return this.remaining.compareTo(this.refreshBuffer) > 0;
	}

	@Override
	public String toString() {
		return "SharedToken[value=<redacted>, remaining=" + this.remaining + ", refreshBuffer=" + this.refreshBuffer
				+ "]";
	}

}
