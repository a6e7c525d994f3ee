package io.tokencache.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.tokencache.TokenCache;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code tokencache} endpoint over JMX, through the platform MBean server. Every operation
 * takes the {@code cache} parameter last; these tests pass {@code null}, for the default cache.
 */
@SpringBootTest(classes = TokenCacheEndpointJmxIntegrationTests.App.class, webEnvironment = WebEnvironment.NONE,
		properties = { "spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=tokencache",
				"management.endpoints.jmx.domain=io.tokencache.test.jmx" })
class TokenCacheEndpointJmxIntegrationTests {

	private static final String[] CACHE_SIGNATURE = { String.class.getName() };

	private static final String[] KEY_AND_CACHE_SIGNATURE = { String.class.getName(), String.class.getName() };

	@Autowired
	private TokenCache tokenCache;

	@Autowired
	private MBeanServer mBeanServer;

	private ObjectName endpoint;

	@BeforeEach
	void findEndpoint() throws Exception {
		this.tokenCache.clear();
		Set<ObjectName> names = this.mBeanServer
			.queryNames(new ObjectName("io.tokencache.test.jmx:type=Endpoint,name=Tokencache,*"), null);
		assertThat(names).hasSize(1);
		this.endpoint = names.iterator().next();
	}

	@Test
	void cacheShouldDescribeTheWholeCache() throws Exception {
		this.tokenCache.put("tenant/billing api", "secret-billing", Duration.ofHours(1));
		Map<String, Object> cache = invoke("cache");
		assertThat(cache).containsEntry("size", 1)
			.containsEntry("keys", List.of("tenant/billing api"))
			.containsEntry("refreshBuffer", "PT5M")
			.containsKeys("hits", "misses", "loadSuccesses", "loadFailures", "evictions", "puts");
		assertThat(cache.toString()).doesNotContain("secret-billing");
	}

	@Test
	void entryShouldDescribeAnyKeyTakenAsOneString() throws Exception {
		this.tokenCache.put("", "secret-empty", Duration.ofHours(1));
		this.tokenCache.put("a//b 100%", "secret-odd", Duration.ofHours(1));
		Map<String, Object> empty = invoke("entry", "");
		Map<String, Object> odd = invoke("entry", "a//b 100%");
		assertThat(empty).containsEntry("key", "");
		assertThat(odd).containsEntry("key", "a//b 100%");
		assertThat(Instant.parse((String) odd.get("expiresAt"))).isAfter(Instant.parse((String) odd.get("refreshAt")));
	}

	@Test
	void entryShouldBeNullForAnAbsentKey() throws Exception {
		assertThat((Object) invoke("entry", "absent")).isNull();
	}

	@Test
	void invalidateShouldRemoveTheKeyAndDescribeWhatItRemoved() throws Exception {
		this.tokenCache.put("a//b", "secret", Duration.ofHours(1));
		Map<String, Object> removed = invoke("invalidate", "a//b");
		assertThat(removed).containsEntry("key", "a//b");
		assertThat(this.tokenCache.get("a//b")).isEmpty();
		assertThat((Object) invoke("invalidate", "a//b")).isNull();
	}

	@Test
	void clearShouldRemoveEveryToken() throws Exception {
		this.tokenCache.put("billing", "secret", Duration.ofHours(1));
		this.tokenCache.put("crm", "secret", Duration.ofHours(1));
		invoke("clear");
		assertThat(this.tokenCache.stats().size()).isZero();
	}

	@Test
	void clearOfAnUnknownCacheShouldFailAndChangeNothing() throws Exception {
		this.tokenCache.put("billing", "secret", Duration.ofHours(1));
		assertThatExceptionOfType(MBeanException.class)
			.isThrownBy(() -> this.mBeanServer.invoke(this.endpoint, "clear", new Object[] { "absentTokens" },
					CACHE_SIGNATURE))
			.withStackTraceContaining("No TokenCache bean named 'absentTokens'");
		assertThat(this.tokenCache.get("billing")).contains("secret");
	}

	@SuppressWarnings("unchecked")
	private <T> T invoke(String operation) throws Exception {
		return (T) this.mBeanServer.invoke(this.endpoint, operation, new Object[] { null }, CACHE_SIGNATURE);
	}

	@SuppressWarnings("unchecked")
	private <T> T invoke(String operation, String key) throws Exception {
		return (T) this.mBeanServer.invoke(this.endpoint, operation, new Object[] { key, null },
				KEY_AND_CACHE_SIGNATURE);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
