package io.tokencache.security;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst of two users' calls: half the callers are {@code user-1}, half {@code user-2}, each
 * with the user's own token, all released at once. Each call must get a token issued for its
 * own user, whose subject the resource endpoint names.
 */
final class TwoUsers {

	private TwoUsers() {
	}

	static void burst(int port, AuthorizationServer issuer, String path, int callers) throws Exception {
		Callers first = Callers.withBearer(port, issuer.userToken("user-1"));
		Callers second = Callers.withBearer(port, issuer.userToken("user-2"));
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(callers);
		try {
			List<Future<String>> ones = new ArrayList<>();
			List<Future<String>> twos = new ArrayList<>();
			for (int i = 0; i < callers / 2; i++) {
				ones.add(threads.submit(() -> body(first, start, path)));
				twos.add(threads.submit(() -> body(second, start, path)));
			}
			start.countDown();
			for (Future<String> one : ones) {
				assertThat(one.get(150, TimeUnit.SECONDS)).startsWith("token-").endsWith(" sub=user-1");
			}
			for (Future<String> two : twos) {
				assertThat(two.get(150, TimeUnit.SECONDS)).startsWith("token-").endsWith(" sub=user-2");
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static String body(Callers callers, CountDownLatch start, String path) throws InterruptedException {
		start.await();
		return callers.get(path).body();
	}

}
