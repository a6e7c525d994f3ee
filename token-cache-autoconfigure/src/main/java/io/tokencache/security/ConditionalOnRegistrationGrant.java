package io.tokencache.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when a client registration configured with Spring Boot's properties
 * ({@code spring.security.oauth2.client.registration.<id>.authorization-grant-type}) uses the
 * grant.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnRegistrationGrantCondition.class)
@interface ConditionalOnRegistrationGrant {

	/** The grant's {@code authorization-grant-type} value, such as {@code urn:ietf:params:oauth:grant-type:token-exchange}. */
	String value();

}
