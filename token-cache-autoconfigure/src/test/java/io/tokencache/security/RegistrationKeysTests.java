package io.tokencache.security;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * The format of {@link RegistrationKeys}: readable, unambiguous, and new for a new secret or
 * issuer.
 */
class RegistrationKeysTests {

	private static final byte[] FINGERPRINT_KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

	private final RegistrationKeys keys = new RegistrationKeys(FINGERPRINT_KEY);

	@Test
	void keyNamesEveryComponentInOrderWithSortedScopesAndAFingerprintOfTheSecret() throws Exception {
		String key = this.keys.registrationKey(registration("billing", "billing-client").scope("z.write", "a.read")
			.build());
		assertThat(key).isEqualTo("oauth2-client:billing:billing-client:idp.example.com-" + sha256("https://idp.example.com/oauth2/token") + ":"
				+ "client_secret_basic:a.read,z.write:" + hmac("billing-secret").substring(0, 16));
		assertThat(key).doesNotContain("billing-secret");
	}

	@Test
	void registrationAndClientThatSharedAKeyBeforeEscapingNoLonger() {
		String a = this.keys.registrationKey(registration("a", "b:c").build());
		String ab = this.keys.registrationKey(registration("a:b", "c").build());
		assertThat(a).startsWith("oauth2-client:a:b%3Ac:");
		assertThat(ab).startsWith("oauth2-client:a%3Ab:c:");
		assertThat(a).isNotEqualTo(ab);
	}

	@Test
	void oneScopeWithACommaIsNotTwoScopes() {
		String one = this.keys.registrationKey(registration("r", "c").scope("x,y").build());
		String two = this.keys.registrationKey(registration("r", "c").scope("x", "y").build());
		assertThat(one).contains(":x%2Cy:");
		assertThat(two).contains(":x,y:");
		assertThat(one).isNotEqualTo(two);
	}

	@Test
	void slashesAreEscapedSoThatTheKeyIsOnePathSegment() {
		assertThat(this.keys.registrationKey(registration("tenant/a", "c").build())).startsWith("oauth2-client:tenant%2Fa:c:")
			.doesNotContain("/");
	}

	@Test
	void escapeCharacterItselfIsEscaped() {
		assertThat(RegistrationKeys.escape("100%3A")).isEqualTo("100%253A");
		assertThat(this.keys.registrationKey(registration("%3A", "c").build()))
			.isNotEqualTo(this.keys.registrationKey(registration(":", "c").build()));
	}

	@Test
	void newIssuerOrAuthenticationMethodMeansANewKey() {
		String key = this.keys.registrationKey(registration("r", "c").build());
		String otherIssuer = this.keys
			.registrationKey(registration("r", "c").tokenUri("https://other.example.com/oauth2/token").build());
		String post = this.keys.registrationKey(
				registration("r", "c").clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST).build());
		String otherPath = this.keys
			.registrationKey(registration("r", "c").tokenUri("https://idp.example.com/tenant-2/oauth2/token").build());
		assertThat(otherIssuer).isNotEqualTo(key).contains(":other.example.com-");
		assertThat(otherPath).isNotEqualTo(key).contains(":idp.example.com-");
		assertThat(post).isNotEqualTo(key).contains(":client_secret_post:");
	}

	@Test
	void rotatedSecretInANewRegistrationInstanceMeansANewKey() {
		ClientRegistration before = registration("r", "c").build();
		ClientRegistration after = registration("r", "c").clientSecret("rotated-secret").build();
		String first = this.keys.registrationKey(before);
		assertThat(this.keys.registrationKey(after)).isNotEqualTo(first).doesNotContain("rotated-secret");
		assertThat(this.keys.registrationKey(before)).isEqualTo(first);
	}

	@Test
	void registrationWithoutSecretHasADashForFingerprint() {
		ClientRegistration registration = registration("r", "c")
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.clientSecret(null)
			.build();
		assertThat(this.keys.registrationKey(registration)).endsWith(":none::-");
	}

	@Test
	void sameFingerprintKeyGivesSameKeysAndAnotherGivesOthers() {
		ClientRegistration registration = registration("r", "c").build();
		assertThat(new RegistrationKeys(FINGERPRINT_KEY).registrationKey(registration))
			.isEqualTo(this.keys.registrationKey(registration));
		byte[] other = FINGERPRINT_KEY.clone();
		other[0] ^= 1;
		assertThat(new RegistrationKeys(other).registrationKey(registration))
			.isNotEqualTo(this.keys.registrationKey(registration));
	}

	@Test
	void appendedComponentsAreEscapedSoLongerKeysStayUnambiguous() {
		String key = this.keys.registrationKey(registration("r", "c").build());
		assertThat(RegistrationKeys.append(key, "alice:x")).isEqualTo(key + ":alice%3Ax");
		assertThat(RegistrationKeys.append(key, "alice:x"))
			.isNotEqualTo(RegistrationKeys.append(RegistrationKeys.append(key, "alice"), "x"));
		assertThat(RegistrationKeys.append(key, "")).isEqualTo(key + ":");
	}

	@Test
	void fingerprintKeyShorterThan16BytesIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RegistrationKeys(new byte[15]))
			.withMessage("fingerprintKey must have at least 16 bytes but has 15");
		assertThatNullPointerException().isThrownBy(() -> new RegistrationKeys(null))
			.withMessage("fingerprintKey");
		assertThatNullPointerException().isThrownBy(() -> this.keys.registrationKey(null))
			.withMessage("registration");
		assertThatNullPointerException().isThrownBy(() -> RegistrationKeys.append("k", null))
			.withMessage("component");
	}

	@Test
	void fingerprintKeyIsCopiedAndNeverShown() {
		byte[] key = FINGERPRINT_KEY.clone();
		RegistrationKeys keys = new RegistrationKeys(key);
		String before = keys.registrationKey(registration("r", "c").build());
		key[0] ^= 1;
		assertThat(keys.registrationKey(registration("r", "c").build())).isEqualTo(before);
		assertThat(keys).hasToString("RegistrationKeys[fingerprintKey=<redacted>]");
	}

	@Test
	void keysOfUsualRegistrationsHoldNothingThatAUrlPathMustEncode() {
		assertThat(this.keys.registrationKey(registration("billing", "billing-client").scope("invoices.read").build()))
			.doesNotContain("%")
			.doesNotContain("/");
		assertThat(RegistrationKeys.issuer("/relative/oauth2/token")).matches("[0-9a-f]{16}");
	}

	private static String sha256(String text) throws Exception {
		return HexFormat.of()
			.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)))
			.substring(0, 16);
	}

	private static String hmac(String secret) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(FINGERPRINT_KEY, "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
	}

	private static ClientRegistration.Builder registration(String id, String clientId) {
		return ClientRegistration.withRegistrationId(id)
			.clientId(clientId)
			.clientSecret("billing-secret")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.tokenUri("https://idp.example.com/oauth2/token");
	}

}
