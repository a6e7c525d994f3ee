package io.tokencache.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} for the tests, never a mock. In order of preference:
 * <ol>
 * <li>an external server named by the environment variable {@value #URL_VARIABLE}, such as
 * {@code redis://localhost:6379} (it cannot be killed, so the tests that kill it are skipped);
 * <li>a {@code redis-server} on the {@code PATH}, started on an ephemeral port;
 * <li>the {@code redis-server} 6.2.6 that {@code com.github.codemonstur:embedded-redis} ships for
 * linux-amd64 (and a few other platforms), started the same way.
 * </ol>
 * An owned server writes every command to an append-only file, fsynced each time, in a
 * directory of its own: a server killed and restarted comes back with the data it had, as a
 * restarted persistent Redis does, so that a test of what happened while it was down cannot
 * pass merely because the data is gone.
 */
final class TestRedis implements AutoCloseable {

	static final String URL_VARIABLE = "TOKEN_CACHE_TEST_REDIS_URL";

	private final String host;

	private final int port;

	private final @Nullable ExecutableProvider executable;

	private @Nullable RedisServer server;

	private @Nullable Path dir;

	private TestRedis(String host, int port, @Nullable ExecutableProvider executable) {
		this.host = host;
		this.port = port;
		this.executable = executable;
	}

	static TestRedis start() {
		String url = System.getenv(URL_VARIABLE);
		if (url != null && !url.isBlank()) {
			URI uri = URI.create(url);
			return new TestRedis(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 6379, null);
		}
		TestRedis redis = new TestRedis("127.0.0.1", freePort(), executable());
		redis.restart();
		return redis;
	}

	private static ExecutableProvider executable() {
		try {
			return ExecutableProvider.newExecutableInPath("redis-server");
		}
		catch (IOException ex) {
			return ExecutableProvider.newJarResourceProvider();
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String host() {
		return this.host;
	}

	int port() {
		return this.port;
	}

	/** Whether this class started the server, so that tests can kill and restart it. */
	boolean isOwned() {
		return this.executable != null;
	}

	/** Whether the server runs: an external one always does, as far as the tests know. */
	boolean isUp() {
		return !isOwned() || this.server != null;
	}

	String[] springProperties() {
		return new String[] { "spring.data.redis.host=" + this.host, "spring.data.redis.port=" + this.port };
	}

	/** Kills the server; its data stays on disk for {@link #restart()}. */
	void kill() {
		RedisServer server = this.server;
		if (server != null) {
			try {
				server.stop();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			this.server = null;
		}
	}

	/** Starts the server on the same port, with the data it had; returns once it accepts connections. */
	void restart() {
		kill();
		ExecutableProvider executable = this.executable;
		if (executable == null) {
			throw new IllegalStateException("An external Redis cannot be restarted");
		}
		try {
			if (this.dir == null) {
				this.dir = Files.createTempDirectory("token-cache-redis-");
			}
			RedisServer server = RedisServer.newRedisServer()
				.executableProvider(executable)
				.bind(this.host)
				.port(this.port)
				.setting("dir " + this.dir)
				.setting("save \"\"")
				.setting("appendonly yes")
				.setting("appendfsync always")
				.build();
			server.start();
			this.server = server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		kill();
		Path dir = this.dir;
		if (dir != null) {
			try (Stream<Path> files = Files.walk(dir)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	@Override
	public String toString() {
		return "redis://" + this.host + ":" + this.port + (isOwned() ? "" : " (external)");
	}

}
