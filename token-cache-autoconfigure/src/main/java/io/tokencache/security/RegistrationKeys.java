package io.tokencache.security;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.registration.ClientRegistration;

/**
 * The cache keys of the tokens of OAuth2 client registrations: one key per registration id,
 * client, issuer, authentication and scopes, and a new key when the client secret changes.
 * <p>
 * A key reads
 * {@code oauth2-client:<registration id>:<client id>:<issuer>:<client authentication method>:<scopes>:<secret fingerprint>},
 * for example
 * {@code oauth2-client:billing:billing-client:idp.example.com-3b5d2f1a9c0e7d64:client_secret_basic:invoices.read,invoices.write:1f0c5e9a7b3d2c48}:
 * <ul>
 * <li>the issuer is the token URI's host, then {@code -} and the first 16 hexadecimal digits of
 * the SHA-256 of the whole token URI (see {@link #issuer(String)}), or the digits alone for a
 * URI without a host;</li>
 * <li>every component is escaped, {@code %} as {@code %25}, {@code :} as {@code %3A},
 * {@code ,} as {@code %2C} and {@code /} as {@code %2F}, and nothing else, so that a key stays
 * readable, two different tuples never give one key (a separator never occurs inside a
 * component, and the issuer's digest covers the whole token URI), and the key is one segment
 * of the {@code tokencache} endpoint's path; usual ids and scopes need no escape, so their
 * keys can be named over HTTP as they are;</li>
 * <li>the scopes are sorted and each escaped, then joined with {@code ,}; no scope gives an
 * empty component;</li>
 * <li>the secret fingerprint is the first 16 hexadecimal digits of the HMAC-SHA256 of the
 * client secret (UTF-8) under the fingerprint key, or {@code -} when the registration has no
 * secret. It tells secrets apart and says nothing of the secret to whoever reads the key
 * without the fingerprint key.</li>
 * </ul>
 * Components after these, such as a principal's name for tokens held per user, are added with
 * {@link #append(String, String)}, which escapes them the same way, so that the longer keys are
 * unambiguous too.
 * <p>
 * Thread-safe. A registration's key is computed once per {@link ClientRegistration} instance:
 * registrations are immutable, and a repository that refreshes them hands out new instances.
 */
public final class RegistrationKeys {

	/** Prefix of every key, so that these tokens never collide with the application's own keys. */
	public static final String PREFIX = "oauth2-client:";

	/** Shortest fingerprint key accepted: the HMAC-SHA256 key length below which it loses strength. */
	static final int MINIMUM_KEY_BYTES = 16;

	private static final String ALGORITHM = "HmacSHA256";

	private static final int FINGERPRINT_BYTES = 8;

	private final SecretKeySpec fingerprintKey;

	/** The last key computed for each registration id, with the instance it was computed for. */
	private final Map<String, Memo> memos = new ConcurrentHashMap<>();

	/**
	 * Creates the keys of one application.
	 * @param fingerprintKey the HMAC key of the secret fingerprints, at least 16 bytes; every
	 * instance that shares tokens (through the Redis tier) must use the same one
	 * @throws IllegalArgumentException if the key is shorter than 16 bytes
	 */
	public RegistrationKeys(byte[] fingerprintKey) {
		Objects.requireNonNull(fingerprintKey, "fingerprintKey");
		if (fingerprintKey.length < MINIMUM_KEY_BYTES) {
			throw new IllegalArgumentException("fingerprintKey must have at least " + MINIMUM_KEY_BYTES
					+ " bytes but has " + fingerprintKey.length);
		}
		this.fingerprintKey = new SecretKeySpec(Arrays.copyOf(fingerprintKey, fingerprintKey.length), ALGORITHM);
	}

	/**
	 * Returns the key of a registration's own tokens, in the format above.
	 * @param registration the client registration
	 * @return the key, never holding the client secret
	 */
	public String registrationKey(ClientRegistration registration) {
		Objects.requireNonNull(registration, "registration");
		Memo memo = this.memos.get(registration.getRegistrationId());
		if (memo != null && memo.registration() == registration) {
			return memo.key();
		}
		String key = compute(registration);
		this.memos.put(registration.getRegistrationId(), new Memo(registration, key));
		return key;
	}

	/**
	 * Returns a key with one more component, escaped as the others are.
	 * @param key a key returned by {@link #registrationKey} or by this method
	 * @param component the component to add; may be empty
	 * @return {@code key + ":" + escaped component}
	 */
	public static String append(String key, String component) {
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(component, "component");
		return key + ':' + escape(component);
	}

	private String compute(ClientRegistration registration) {
		StringBuilder key = new StringBuilder(PREFIX).append(escape(registration.getRegistrationId()))
			.append(':')
			.append(escape(registration.getClientId()))
			.append(':')
			.append(issuer(String.valueOf(registration.getProviderDetails().getTokenUri())))
			.append(':')
			.append(escape(String.valueOf(registration.getClientAuthenticationMethod().getValue())))
			.append(':');
		Set<String> scopes = registration.getScopes();
		if (scopes != null) {
			String separator = "";
			for (String scope : new TreeSet<>(scopes)) {
				key.append(separator).append(escape(scope));
				separator = ",";
			}
		}
		return key.append(':').append(fingerprint(registration.getClientSecret())).toString();
	}

	/**
	 * Returns the keyed digest of secrets, such as a user's subject token, that a per-user key
	 * stands for: the whole HMAC-SHA256 under the fingerprint key, in unpadded Base64url, so that
	 * two users' tokens never share a key by collision and the key reveals nothing of them. Each
	 * part is length-prefixed, so that different tuples never give the same input.
	 * @param parts the secrets, in a fixed order; empty strings for absent ones
	 * @return 43 characters
	 */
	String digest(String... parts) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.fingerprintKey);
			for (String part : parts) {
				byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
				mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
				mac.update(bytes);
			}
			return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private String fingerprint(@Nullable String secret) {
		if (secret == null || secret.isEmpty()) {
			return "-";
		}
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.fingerprintKey);
			byte[] digest = mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, FINGERPRINT_BYTES);
		}
		catch (GeneralSecurityException ex) {
			// Every Java runtime has HmacSHA256.
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/**
	 * The token URI as its host, if it has one, then {@code -} and the first 16 hexadecimal
	 * digits of the SHA-256 of the whole URI: a URI would bring {@code :} and {@code /} into
	 * every key, escaped as {@code %3A} and {@code %2F}, and a {@code %} in a URL path is
	 * rejected by Spring Security's firewall, so the key could not be named to the
	 * {@code tokencache} endpoint over HTTP.
	 */
	static String issuer(String tokenUri) {
		String host = null;
		try {
			host = URI.create(tokenUri).getHost();
		}
		catch (IllegalArgumentException ex) {
			// Not a URI: the digest alone tells it apart.
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(tokenUri.getBytes(StandardCharsets.UTF_8));
			String hash = HexFormat.of().formatHex(digest, 0, FINGERPRINT_BYTES);
			return (host != null && !host.isEmpty()) ? escape(host) + "-" + hash : hash;
		}
		catch (GeneralSecurityException ex) {
			// Every Java runtime has SHA-256.
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/** Escapes the separators, the path separator and the escape character itself, and nothing else. */
	static String escape(String component) {
		if (component.indexOf('%') < 0 && component.indexOf(':') < 0 && component.indexOf(',') < 0
				&& component.indexOf('/') < 0) {
			return component;
		}
		StringBuilder escaped = new StringBuilder(component.length() + 8);
		for (int i = 0; i < component.length(); i++) {
			char c = component.charAt(i);
			switch (c) {
				case '%' -> escaped.append("%25");
				case ':' -> escaped.append("%3A");
				case ',' -> escaped.append("%2C");
				case '/' -> escaped.append("%2F");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

	@Override
	public String toString() {
		return "RegistrationKeys[fingerprintKey=<redacted>]";
	}

	private record Memo(ClientRegistration registration, String key) {

		@Override
		public String toString() {
			return "Memo[" + this.key + "]";
		}

	}

}
