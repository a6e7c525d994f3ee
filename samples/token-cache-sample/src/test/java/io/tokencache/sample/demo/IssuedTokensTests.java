package io.tokencache.sample.demo;

import java.time.Duration;
import java.time.Instant;

import io.tokencache.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IssuedTokens}, on a clock the test moves.
 */
class IssuedTokensTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final IssuedTokens tokens = new IssuedTokens(this.clock);

	@Test
	void issuedTokenIsFoundWithItsSerialUntilItExpires() {
		String first = this.tokens.issue("client", Duration.ofSeconds(60));
		String second = this.tokens.issue("client", Duration.ofSeconds(60));
		assertThat(first).startsWith("demo-").isNotEqualTo(second);
		assertThat(this.tokens.find(second)).hasValueSatisfying((grant) -> {
			assertThat(grant.serial()).isEqualTo(2);
			assertThat(grant.clientId()).isEqualTo("client");
		});
		this.clock.advance(Duration.ofSeconds(59));
		assertThat(this.tokens.find(first)).isPresent();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.tokens.find(first)).isEmpty();
		assertThat(this.tokens.issuedCount()).isEqualTo(2);
	}

	@Test
	void unknownTokenIsNotFound() {
		this.tokens.issue("client", Duration.ofSeconds(60));
		assertThat(this.tokens.find("demo-forged")).isEmpty();
	}

	@Test
	void revokedTokensAreNotFoundButStayCounted() {
		String token = this.tokens.issue("client", Duration.ofSeconds(60));
		this.tokens.revokeAll();
		assertThat(this.tokens.find(token)).isEmpty();
		assertThat(this.tokens.issuedCount()).isEqualTo(1);
	}

}
