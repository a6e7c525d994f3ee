package io.tokencache.sample.greeting;

import java.net.http.HttpClient;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.client.RestClient;

/**
 * The greeting client, wired the way Spring Security documents it: a {@code RestClient} whose
 * {@link OAuth2ClientHttpRequestInterceptor} gets a client-credentials token from the
 * {@link OAuth2AuthorizedClientManager} that Spring Security builds from
 * {@code spring.security.oauth2.client.registration.*}. Nothing here mentions the token cache:
 * the starter caches the tokens because it is on the classpath.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClientProperties.class)
class GreetingConfiguration {

	/**
	 * Leaves every endpoint open and CSRF off, as a demo: the sample's API, its demo identity
	 * provider and the actuator. Secure the actuator in a real service.
	 */
	@Bean
	SecurityFilterChain sampleSecurityFilterChain(HttpSecurity http) {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	/**
	 * Calls the downstream API with the registration's token. The failure handler removes a
	 * client whose token the API rejected (401), and the starter then evicts that token.
	 */
	@Bean
	RestClient downstreamRestClient(ClientProperties properties, OAuth2AuthorizedClientManager authorizedClientManager,
			OAuth2AuthorizedClientRepository authorizedClientRepository) {
		OAuth2ClientHttpRequestInterceptor oauth2 = new OAuth2ClientHttpRequestInterceptor(authorizedClientManager);
		oauth2.setAuthorizationFailureHandler(
				OAuth2ClientHttpRequestInterceptor.authorizationFailureHandler(authorizedClientRepository));
		return RestClient.builder().requestFactory(requestFactory(properties)).requestInterceptor(oauth2).build();
	}

	/**
	 * Spring Security's own response client, given two things its default lacks: a timeout, and
	 * the demo issuer's path-only token URI resolved against this server, whose port is random in
	 * tests. Without such needs, define no response client: the starter caches Spring Security's
	 * default. With one, the starter caches this one.
	 */
	@Bean
	OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> tokenResponseClient(
			ClientProperties properties, LocalServer localServer) {
		RestClientClientCredentialsTokenResponseClient client = new RestClientClientCredentialsTokenResponseClient();
		client.setRestClient(RestClient.builder()
			.requestFactory(requestFactory(properties))
			.requestInterceptor(localServer)
			.configureMessageConverters((converters) -> converters.addCustomConverter(new FormHttpMessageConverter())
				.addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
			.defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
			.build());
		return client;
	}

	private static JdkClientHttpRequestFactory requestFactory(ClientProperties properties) {
		HttpClient httpClient = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(properties.timeout())
			.build();
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
		requestFactory.setReadTimeout(properties.timeout());
		return requestFactory;
	}

}
