package io.tokencache.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

import static org.awaitility.Awaitility.await;

/**
 * A real Redis Cluster of three primaries for the tests, started here: three
 * {@code redis-server --cluster-enabled yes} (the one on the {@code PATH}, or the 6.2.6 that
 * embedded-redis ships), each given a third of the 16384 slots with {@code CLUSTER ADDSLOTS}
 * and introduced to the others with {@code CLUSTER MEET}. No {@code redis-cli} is needed.
 */
public final class TestRedisCluster implements AutoCloseable {

	private static final int SLOTS = 16384;

	private static final int PRIMARIES = 3;

	private static final String HOST = "127.0.0.1";

	private final List<RedisServer> servers = new ArrayList<>();

	private final List<Integer> ports = new ArrayList<>();

	private final Path directory;

	private TestRedisCluster() {
		try {
			this.directory = Files.createTempDirectory("token-cache-cluster");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Starts the cluster; returns once every node reports {@code cluster_state:ok}. */
	public static TestRedisCluster start() {
		TestRedisCluster cluster = new TestRedisCluster();
		try {
			cluster.startServers();
			cluster.join();
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	private void startServers() {
		ExecutableProvider executable = TestRedis.executable();
		for (int i = 0; i < PRIMARIES; i++) {
			int port = freePort();
			try {
				RedisServer server = RedisServer.newRedisServer()
					.executableProvider(executable)
					.bind(HOST)
					.port(port)
					.setting("cluster-enabled yes")
					.setting("cluster-config-file " + this.directory.resolve("nodes-" + port + ".conf"))
					.setting("cluster-node-timeout 5000")
					.setting("save \"\"")
					.setting("appendonly no")
					.build();
				server.start();
				this.servers.add(server);
				this.ports.add(port);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private void join() {
		RedisClient client = RedisClient.create();
		try {
			List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
			for (int port : this.ports) {
				connections.add(client.connect(RedisURI.create(HOST, port)));
			}
			for (int i = 0; i < PRIMARIES; i++) {
				int from = SLOTS * i / PRIMARIES;
				int to = SLOTS * (i + 1) / PRIMARIES;
				connections.get(i).sync().clusterAddSlots(IntStream.range(from, to).toArray());
			}
			RedisCommands<String, String> first = connections.get(0).sync();
			for (int i = 1; i < PRIMARIES; i++) {
				first.clusterMeet(HOST, this.ports.get(i));
			}
			await().atMost(Duration.ofSeconds(30))
				.until(() -> connections.stream()
					.allMatch((connection) -> connection.sync().clusterInfo().contains("cluster_state:ok")
							&& connection.sync().clusterInfo().contains("cluster_known_nodes:" + PRIMARIES)));
			connections.forEach(StatefulRedisConnection::close);
		}
		finally {
			client.shutdown();
		}
	}

	/** Boot's properties for this cluster. */
	public String[] springProperties() {
		return new String[] { "spring.data.redis.cluster.nodes="
				+ this.ports.stream().map((port) -> HOST + ":" + port).collect(Collectors.joining(",")) };
	}

	public List<Integer> ports() {
		return List.copyOf(this.ports);
	}

	public String host() {
		return HOST;
	}

	private static int freePort() {
		// The cluster bus listens on port + 10000, which must be free too.
		for (int attempt = 0; attempt < 100; attempt++) {
			int port = TestRedis.freePort();
			if (port + 10000 < 65536 && isFree(port + 10000)) {
				return port;
			}
		}
		throw new IllegalStateException("no free port with a free cluster bus port");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		for (RedisServer server : this.servers) {
			try {
				server.stop();
			}
			catch (IOException ex) {
				// the next one still stops
			}
		}
		this.servers.clear();
	}

	@Override
	public String toString() {
		return "redis-cluster://" + this.ports;
	}

}
