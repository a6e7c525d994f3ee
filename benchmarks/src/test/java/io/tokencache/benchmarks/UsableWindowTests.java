package io.tokencache.benchmarks;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.tokencache.AccessToken;

import static org.assertj.core.api.Assertions.assertThat;

/** Caffeine is only a fair opponent if it expires tokens where TokenCache does. */
class UsableWindowTests {

	private final UsableWindow window = UsableWindow.forTokens();

	@Test
	void longTokenExpiresOneBufferEarly() {
		AccessToken token = new AccessToken("t", Duration.ofHours(1));
		assertThat(this.window.expireAfterCreate("k", token, 0)).isEqualTo(Duration.ofMinutes(55).toNanos());
	}

	@Test
	void tokenShorterThanTheBufferLivesHalfItsLife() {
		AccessToken token = new AccessToken("t", Duration.ofMinutes(4));
		assertThat(this.window.expireAfterCreate("k", token, 0)).isEqualTo(Duration.ofMinutes(2).toNanos());
	}

	@Test
	void replacingRestartsTheWindowAndReadingKeepsIt() {
		AccessToken token = new AccessToken("t", Duration.ofHours(1));
		assertThat(this.window.expireAfterUpdate("k", token, 0, 7)).isEqualTo(Duration.ofMinutes(55).toNanos());
		assertThat(this.window.expireAfterRead("k", token, 0, 7)).isEqualTo(7);
	}

}
