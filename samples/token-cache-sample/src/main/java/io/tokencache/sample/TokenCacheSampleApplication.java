package io.tokencache.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A web service that calls a protected API with a client-credentials token from the
 * auto-configured {@link io.tokencache.TokenCache}. Out of the box it also plays the identity
 * provider and the protected API itself, so it runs with nothing else installed.
 */
@SpringBootApplication(proxyBeanMethods = false)
public final class TokenCacheSampleApplication {

	private TokenCacheSampleApplication() {
	}

	public static void main(String[] args) {
		SpringApplication.run(TokenCacheSampleApplication.class, args);
	}

}
