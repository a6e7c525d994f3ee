package io.tokencache;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AccessToken} keeps the record's {@code equals} and {@code hashCode}, and hides its value
 * only from {@code toString}.
 */
class AccessTokenTests {

	@Test
	void tokensWithTheSameValueAndLifetimeAreEqual() {
		assertThat(AccessToken.of("secret", 60)).isEqualTo(new AccessToken("secret", Duration.ofMinutes(1)))
			.hasSameHashCodeAs(new AccessToken("secret", Duration.ofMinutes(1)));
	}

	@Test
	void tokensThatDifferInValueOrLifetimeAreNotEqual() {
		assertThat(AccessToken.of("secret", 60)).isNotEqualTo(AccessToken.of("other", 60))
			.isNotEqualTo(AccessToken.of("secret", 61));
	}

	@Test
	void toStringHidesTheValue() {
		assertThat(AccessToken.of("eyJ-DISTINCTIVE-value", 60)).hasToString("AccessToken[value=<redacted>, expiresIn=PT1M]");
	}

}
