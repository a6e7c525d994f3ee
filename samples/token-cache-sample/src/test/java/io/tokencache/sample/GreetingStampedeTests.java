package io.tokencache.sample;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
 * <p>The token endpoint is held until all 200 requests are inside the server, so every one of
 * them misses the empty cache while the first load is still running: a cache without
 * single-flight would send up to 200 token requests here. The server gets a thread for each caller
 * and each of those token requests, so that such a cache fails on the count instead of
 * exhausting the pool.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.tomcat.threads.max=" + (2 * GreetingStampedeTests.CALLERS + 56),
				"sample.client.timeout=60s" })
class GreetingStampedeTests {

	static final int CALLERS = 200;

	@LocalServerPort
	private int port;

	@Autowired
	private StampedeGate gate;

	@Test
	void concurrentGreetingsFetchExactlyOneToken() throws Exception {
		LocalHttp http = new LocalHttp(this.port);
		long issuedBefore = http.tokensIssued();
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
				assertThat(response.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			}
		}
		finally {
			callers.shutdownNow();
		}
		assertThat(this.gate.allCallersInsideBeforeTokenIssued()).isTrue();
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
	 * Counts greeting and token requests, and holds each token request until all callers have
	 * entered the server.
	 */
	static final class StampedeGate extends OncePerRequestFilter {

		private final CountDownLatch callersInside = new CountDownLatch(CALLERS);

		private final AtomicInteger tokenRequests = new AtomicInteger();

		private final AtomicBoolean allCallersInside = new AtomicBoolean();

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String path = request.getRequestURI();
			if (path.equals("/api/greeting")) {
				this.callersInside.countDown();
			}
			else if (path.equals("/demo-issuer/oauth2/token")) {
				this.tokenRequests.incrementAndGet();
				this.allCallersInside.set(awaitCallers());
			}
			chain.doFilter(request, response);
		}

		private boolean awaitCallers() {
			try {
				return this.callersInside.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}

		boolean allCallersInsideBeforeTokenIssued() {
			return this.allCallersInside.get();
		}

		int tokenRequests() {
			return this.tokenRequests.get();
		}

	}

}
