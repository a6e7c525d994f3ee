package io.tokencache.sample;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.tokencache.TokenCache;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 200 requests that all need a token at the same moment cause one token request.
 *
 * <p>The token endpoint is held until the cache has counted a miss for each of the 200 callers,
 * so every one of them has missed the empty cache while the first load is still running: a cache
 * without single-flight would send up to 200 token requests here. The server gets a thread for
 * each caller and each of those token requests, so that such a cache fails on the count instead
 * of exhausting the pool. The gate waits at most {@link StampedeGate#WAIT}; the token request's
 * read timeout, the cache's load timeout and the test's HTTP client wait longer, so that a
 * gate that gives up fails the test on its flag, not on a timeout.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.tomcat.threads.max=" + (2 * GreetingStampedeTests.CALLERS + 56),
				"sample.client.timeout=90s", "token-cache.load-timeout=90s" })
class GreetingStampedeTests {

	static final int CALLERS = 200;

	private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(120);

	@LocalServerPort
	private int port;

	@Autowired
	private StampedeGate gate;

	@Autowired
	private TokenCache tokenCache;

	@Test
	void concurrentGreetingsFetchExactlyOneToken() throws Exception {
		this.tokenCache.clear();
		LocalHttp http = new LocalHttp(this.port, CLIENT_TIMEOUT);
		long issuedBefore = http.tokensIssued();
		this.gate.expectMisses(this.tokenCache, CALLERS);
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
		try {
			List<Future<HttpResponse<String>>> responses = new ArrayList<>();
			for (int i = 0; i < CALLERS; i++) {
				responses.add(callers.submit(() -> {
					start.await();
					return http.get("/api/greeting");
				}));
			}
			start.countDown();
			for (Future<HttpResponse<String>> response : responses) {
				assertThat(response.get(CLIENT_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS).statusCode())
					.isEqualTo(200);
			}
		}
		finally {
			callers.shutdownNow();
		}
		assertThat(this.gate.allCallersMissedBeforeTokenIssued()).isTrue();
		assertThat(this.gate.tokenRequests()).isEqualTo(1);
		assertThat(http.tokensIssued() - issuedBefore).isEqualTo(1);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class GateConfiguration {

		@Bean
		StampedeGate stampedeGate() {
			return new StampedeGate();
		}

	}

	/**
	 * Counts token requests, and holds each one until the cache's miss count has risen by the
	 * number of callers.
	 */
	static final class StampedeGate extends OncePerRequestFilter {

		static final Duration WAIT = Duration.ofSeconds(30);

		private final AtomicInteger tokenRequests = new AtomicInteger();

		private final AtomicBoolean allCallersMissed = new AtomicBoolean();

		private final AtomicLong targetMisses = new AtomicLong(Long.MAX_VALUE);

		private volatile TokenCache cache;

		void expectMisses(TokenCache cache, int callers) {
			this.cache = cache;
			this.targetMisses.set(cache.stats().missCount() + callers);
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			if (request.getRequestURI().equals("/demo-issuer/oauth2/token")) {
				this.tokenRequests.incrementAndGet();
				this.allCallersMissed.set(awaitMisses());
			}
			chain.doFilter(request, response);
		}

		/** Polls the cache's counter, with a deadline, until every caller has missed. */
		private boolean awaitMisses() {
			TokenCache cache = this.cache;
			if (cache == null) {
				return false;
			}
			long deadline = System.nanoTime() + WAIT.toNanos();
			while (cache.stats().missCount() < this.targetMisses.get() && System.nanoTime() < deadline) {
				LockSupport.parkNanos(1_000_000);
			}
			return cache.stats().missCount() >= this.targetMisses.get();
		}

		boolean allCallersMissedBeforeTokenIssued() {
			return this.allCallersMissed.get();
		}

		int tokenRequests() {
			return this.tokenRequests.get();
		}

	}

}
