package io.tokencache.micrometer;

import java.util.Objects;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import io.tokencache.AccessToken;
import io.tokencache.LoadDecorator;
import io.tokencache.TokenLoader;
import org.jspecify.annotations.Nullable;

/**
 * Makes each token load of a cache an {@link Observation}, so that a tracer shows it as a span.
 * <p>
 * The observation of a load after a miss has as its parent the observation that was current on
 * the caller's thread when the load started, typically the request that needed the token,
 * although the load runs on the cache's executor; a refresh-ahead load, which no caller waits
 * for, gets one of its own. The observation covers the loader call only: one per load, however
 * many callers wait for it. Errors are recorded by type only, never passed to the observation:
 * an exception's message may quote a token endpoint's response.
 */
public final class ObservedTokenLoads implements LoadDecorator {

	private static final DefaultTokenLoadObservationConvention DEFAULT_CONVENTION = new DefaultTokenLoadObservationConvention();

	/** Prefix of the keys of the OAuth2 client bridge, whose first component is the registration id. */
	private static final String REGISTRATION_KEY_PREFIX = "oauth2-client:";

	private final ObservationRegistry registry;

	private final String cacheName;

	private final @Nullable ObservationConvention<TokenLoadObservationContext> convention;

	/**
	 * Creates the decorator of one cache.
	 * @param registry where the observations go
	 * @param cacheName the {@code cache} key value, the cache's bean name as its meters have it
	 * @param convention a convention in place of the default, or {@code null}
	 */
	public ObservedTokenLoads(ObservationRegistry registry, String cacheName,
			@Nullable ObservationConvention<TokenLoadObservationContext> convention) {
		this.registry = Objects.requireNonNull(registry, "registry");
		this.cacheName = Objects.requireNonNull(cacheName, "cacheName");
		this.convention = convention;
	}

	@Override
	public TokenLoader decorate(String key, TokenLoader loader, boolean refresh) {
		if (this.registry.isNoop()) {
			return loader;
		}
		Observation parent = refresh ? null : this.registry.getCurrentObservation();
		String registration = registration(key);
		return (k) -> observe(k, loader, new TokenLoadObservationContext(this.cacheName, registration, refresh),
				parent);
	}

	private AccessToken observe(String key, TokenLoader loader, TokenLoadObservationContext context,
			@Nullable Observation parent) throws Exception {
		Observation observation = Observation
			.createNotStarted(this.convention, DEFAULT_CONVENTION, () -> context, this.registry)
			.parentObservation(parent)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			AccessToken token = loader.load(key);
			context.succeeded();
			return token;
		}
		catch (Exception | Error failure) {
			context.failed(failure);
			throw failure;
		}
		finally {
			observation.stop();
		}
	}

	/**
	 * The registration id of a key of the OAuth2 client bridge: its first component, unescaped
	 * (see {@code io.tokencache.security.RegistrationKeys} for the format). Registration ids come
	 * from the application's configuration, so there are few, and they name no user. Any other
	 * key gives {@code none}.
	 */
	static String registration(String key) {
		if (!key.startsWith(REGISTRATION_KEY_PREFIX)) {
			return "none";
		}
		int end = key.indexOf(':', REGISTRATION_KEY_PREFIX.length());
		String escaped = key.substring(REGISTRATION_KEY_PREFIX.length(), (end < 0) ? key.length() : end);
		return escaped.replace("%3A", ":").replace("%2C", ",").replace("%2F", "/").replace("%25", "%");
	}

}
