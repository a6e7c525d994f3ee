package io.tokencache.redis;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How a {@link RedisTier} shares: every instance that shares tokens must have the same prefix
 * and key.
 *
 * @param keyPrefix prefix of every Redis key and of the channel; not blank, no braces (Redis
 * Cluster reads them as a hash tag)
 * @param encryptionKey AES key of 16, 24 or 32 bytes that seals tokens and hashes key names, or
 * {@code null} to store them in plain text
 * @param timeout deadline of each Redis operation; positive and shorter than {@code lockLease}
 * @param lockLease how long the cluster-wide load lock outlives a holder that dies; positive
 * @param pollInterval how often a waiting instance looks in Redis in case a message is lost;
 * positive
 */
public record RedisTierSettings(String keyPrefix, byte @Nullable [] encryptionKey, Duration timeout,
		Duration lockLease, Duration pollInterval) {

	/**
	 * Checks every setting, naming the one that is wrong.
	 * @throws NullPointerException if a non-nullable setting is {@code null}
	 * @throws IllegalArgumentException if a setting is out of its range, or the timeout is not
	 * shorter than the lease
	 */
	public RedisTierSettings {
		Objects.requireNonNull(keyPrefix, "keyPrefix");
		if (keyPrefix.isBlank() || keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
			throw new IllegalArgumentException("keyPrefix must not be blank or contain braces but was '" + keyPrefix + "'");
		}
		if (encryptionKey != null && encryptionKey.length != 16 && encryptionKey.length != 24
				&& encryptionKey.length != 32) {
			throw new IllegalArgumentException(
					"encryptionKey must have 16, 24 or 32 bytes but has " + encryptionKey.length);
		}
		checkPositive(timeout, "timeout");
		checkPositive(lockLease, "lockLease");
		checkPositive(pollInterval, "pollInterval");
		if (timeout.compareTo(lockLease) >= 0) {
			throw new IllegalArgumentException(
					"timeout (" + timeout + ") must be shorter than lockLease (" + lockLease + ")");
		}
		encryptionKey = (encryptionKey != null) ? encryptionKey.clone() : null;
	}

	private static void checkPositive(Duration duration, String name) {
		Objects.requireNonNull(duration, name);
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive but was " + duration);
		}
	}

	@Override
	public byte @Nullable [] encryptionKey() {
		return (this.encryptionKey != null) ? this.encryptionKey.clone() : null;
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof RedisTierSettings that && this.keyPrefix.equals(that.keyPrefix)
				&& Arrays.equals(this.encryptionKey, that.encryptionKey) && this.timeout.equals(that.timeout)
				&& this.lockLease.equals(that.lockLease) && this.pollInterval.equals(that.pollInterval);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.keyPrefix, Arrays.hashCode(this.encryptionKey), this.timeout, this.lockLease,
				this.pollInterval);
	}

	/** Never shows the encryption key, only whether there is one. */
	@Override
	public String toString() {
		return "RedisTierSettings[keyPrefix=" + this.keyPrefix + ", encrypted=" + (this.encryptionKey != null)
				+ ", timeout=" + this.timeout + ", lockLease=" + this.lockLease + ", pollInterval="
				+ this.pollInterval + "]";
	}

}
