package io.tokencache.redis;

import org.junit.jupiter.api.Test;

import io.tokencache.redis.TierMessage.Kind;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TierMessage}.
 */
class TierMessageTests {

	@Test
	void keyWithSpacesAndNewlinesSurvives() {
		TierMessage message = new TierMessage(Kind.INVALIDATED, "instance-1", "tenant 42/crm api\n");
		assertThat(TierMessage.decode(message.encode())).isEqualTo(message);
	}

	@Test
	void emptyKeySurvives() {
		TierMessage message = new TierMessage(Kind.CLEARED, "instance-1", "");
		assertThat(TierMessage.decode(message.encode())).isEqualTo(message);
	}

	@Test
	void foreignMessagesAreIgnored() {
		assertThat(TierMessage.decode("")).isNull();
		assertThat(TierMessage.decode("hello")).isNull();
		assertThat(TierMessage.decode("X instance key")).isNull();
		assertThat(TierMessage.decode("I instance-without-key")).isNull();
		assertThat(TierMessage.decode("II instance key")).isNull();
	}

}
