package io.tokencache.security;

import java.util.Map;
import java.util.Objects;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.ResolvableType;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The condition of {@link ConditionalOnRegistrationGrant}: binds the registrations as Spring
 * Boot's OAuth2 client does, and looks for one with the grant.
 */
final class OnRegistrationGrantCondition extends SpringBootCondition {

	private static final String REGISTRATIONS = "spring.security.oauth2.client.registration";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = Objects.requireNonNull(
				metadata.getAnnotationAttributes(ConditionalOnRegistrationGrant.class.getName()));
		String grant = (String) attributes.get("value");
		Map<String, Map<String, String>> registrations = Binder.get(context.getEnvironment())
			.bind(REGISTRATIONS, registrations())
			.orElse(Map.of());
		for (Map.Entry<String, Map<String, String>> registration : registrations.entrySet()) {
			if (grant.equals(registration.getValue().get("authorization-grant-type"))) {
				return ConditionOutcome.match("registration '" + registration.getKey() + "' uses " + grant);
			}
		}
		return ConditionOutcome.noMatch("no registration uses " + grant);
	}

	@SuppressWarnings("unchecked")
	private static Bindable<Map<String, Map<String, String>>> registrations() {
		return (Bindable<Map<String, Map<String, String>>>) (Bindable<?>) Bindable
			.of(ResolvableType.forClassWithGenerics(Map.class,
					ResolvableType.forClass(String.class),
					ResolvableType.forClassWithGenerics(Map.class, String.class, String.class)));
	}

}
