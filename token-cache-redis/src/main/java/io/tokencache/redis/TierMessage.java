package io.tokencache.redis;

import org.jspecify.annotations.Nullable;

/**
 * A message on the tier's channel: {@code <kind> <instance id> <key>}. It names a key, never a
 * token: a receiver reads the token from Redis if it needs it.
 *
 * @param kind what happened
 * @param sender the instance that sent it
 * @param key the key, empty for {@link Kind#CLEARED}
 */
record TierMessage(Kind kind, String sender, String key) {

	String encode() {
		return this.kind.code + " " + this.sender + " " + this.key;
	}

	/**
	 * Decodes a message.
	 * @return the message, or {@code null} if it is not one of ours
	 */
	static @Nullable TierMessage decode(String text) {
		int first = text.indexOf(' ');
		int second = (first < 0) ? -1 : text.indexOf(' ', first + 1);
		if (first != 1 || second < 0) {
			return null;
		}
		Kind kind = Kind.of(text.charAt(0));
		return (kind != null) ? new TierMessage(kind, text.substring(2, second), text.substring(second + 1)) : null;
	}

	enum Kind {

		/** A token was stored after a load; waiters on other instances read it. */
		LOADED('L'),

		/** A load failed and its lock was released; a waiter may take the lock. */
		LOAD_FAILED('F'),

		/** A token was put; the others drop theirs and read the new one on their next load. */
		PUT('P'),

		/** A token was invalidated. */
		INVALIDATED('I'),

		/** Every token was removed. */
		CLEARED('C'),

		/** Sent every second to the sender itself, which learns that its subscription works. */
		HEARTBEAT('H');

		final char code;

		Kind(char code) {
			this.code = code;
		}

		static @Nullable Kind of(char code) {
			for (Kind kind : values()) {
				if (kind.code == code) {
					return kind;
				}
			}
			return null;
		}

	}

}
