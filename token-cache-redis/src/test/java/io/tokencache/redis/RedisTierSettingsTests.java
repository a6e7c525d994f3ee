package io.tokencache.redis;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/** Bad settings fail at once, naming the setting; the key never shows. */
class RedisTierSettingsTests {

	private static final Duration SECOND = Duration.ofSeconds(1);

	private static final Duration LEASE = Duration.ofSeconds(30);

	@Test
	void badPrefixIsRejected() {
		assertThatNullPointerException().isThrownBy(() -> new RedisTierSettings(null, null, SECOND, LEASE, SECOND))
			.withMessage("keyPrefix");
		assertThatIllegalArgumentException().isThrownBy(() -> new RedisTierSettings(" ", null, SECOND, LEASE, SECOND))
			.withMessageContaining("keyPrefix");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RedisTierSettings("a{b}:", null, SECOND, LEASE, SECOND))
			.withMessageContaining("keyPrefix must not be blank or contain braces but was 'a{b}:'");
	}

	@Test
	void keyOfTheWrongLengthIsRejectedWithoutShowingIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RedisTierSettings("p:", "SECRET-7f3a9c".getBytes(), SECOND, LEASE, SECOND))
			.withMessage("encryptionKey must have 16, 24 or 32 bytes but has 13");
	}

	@Test
	void durationsMustBePositiveAndTheTimeoutShorterThanTheLease() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RedisTierSettings("p:", null, Duration.ZERO, LEASE, SECOND))
			.withMessage("timeout must be positive but was PT0S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RedisTierSettings("p:", null, SECOND, SECOND.negated(), SECOND))
			.withMessageContaining("lockLease");
		assertThatNullPointerException().isThrownBy(() -> new RedisTierSettings("p:", null, SECOND, LEASE, null))
			.withMessage("pollInterval");
		assertThatIllegalArgumentException().isThrownBy(() -> new RedisTierSettings("p:", null, LEASE, LEASE, SECOND))
			.withMessage("timeout (PT30S) must be shorter than lockLease (PT30S)");
	}

	@Test
	void keyIsCopiedAndNeverShown() {
		byte[] key = new byte[16];
		RedisTierSettings settings = new RedisTierSettings("p:", key, SECOND, LEASE, SECOND);
		key[0] = 1;
		assertThat(settings.encryptionKey()).containsOnly(0);
		assertThat(settings).hasToString(
				"RedisTierSettings[keyPrefix=p:, encrypted=true, timeout=PT1S, lockLease=PT30S, pollInterval=PT1S]");
		assertThat(settings).isEqualTo(new RedisTierSettings("p:", new byte[16], SECOND, LEASE, SECOND));
	}

}
