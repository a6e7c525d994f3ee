package io.tokencache.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard and the Prometheus alerts of docs/ against the sample's real
 * {@code /actuator/prometheus}: every metric they query is one the sample publishes, with the
 * labels they match on. The sample runs as docs/operations.md tells operators to run it, with
 * the load timer's histogram on, and with the Redis tier on so that the tier's meters exist. Its
 * Redis is a port nothing listens on, so the instance starts in local mode, as a real one does
 * when Redis is down.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.metrics.distribution.percentiles-histogram.token.cache.loads=true",
				"token-cache.redis.enabled=true" })
@DirtiesContext
class OperationsAssetsTests {

	/** Labels that Prometheus adds when it scrapes, and the histogram's bucket label. */
	private static final Set<String> ADDED_LABELS = Set.of("instance", "job", "le");

	private static final Pattern SELECTOR = Pattern.compile("(?<![\\w$.:])([a-zA-Z_:][\\w:]*)\\s*(\\{[^}]*\\})?");

	private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_]\\w*)\\s*(=~|!~|!=|=)");

	private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
			"group_left", "group_right", "offset", "bool", "inf", "nan");

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void redisKey(DynamicPropertyRegistry registry) {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		registry.add("token-cache.redis.encryption-key", () -> Base64.getEncoder().encodeToString(key));
	}

	@Test
	void dashboardQueriesOnlyMetricsTheSamplePublishes() {
		assertPublished(dashboardQueries(), "docs/grafana/token-cache-dashboard.json");
	}

	@Test
	void alertsQueryOnlyMetricsTheSamplePublishes() {
		assertPublished(alertQueries(), "docs/prometheus/token-cache-alerts.yml");
	}

	@Test
	void instanceWithoutRedisReportsLocalMode() {
		assertThat(scrape()).containsEntry("token_cache_redis_local", Set.of("cache"));
		assertThat(new LocalHttp(this.port).get("/actuator/prometheus").body())
			.contains("token_cache_redis_local{cache=\"tokenCache\"} 1.0");
	}

	private void assertPublished(List<String> queries, String file) {
		Map<String, Set<String>> published = scrape();
		Map<String, Set<String>> queried = new LinkedHashMap<>();
		queries.forEach((query) -> selectors(query, queried));
		assertThat(queried.keySet()).as("metrics queried by " + file)
			.contains("cache_gets_total", "token_cache_loads_seconds_count");
		List<String> problems = new ArrayList<>();
		queried.forEach((metric, labels) -> {
			Set<String> known = published.get(metric);
			if (known == null) {
				problems.add(metric + " is not published");
			}
			else {
				labels.stream()
					.filter((label) -> !ADDED_LABELS.contains(label) && !known.contains(label))
					.forEach((label) -> problems.add(metric + " has no label " + label));
			}
		});
		assertThat(problems).as(file).isEmpty();
	}

	/** Metric name to the label names of its series, from a real scrape. */
	private Map<String, Set<String>> scrape() {
		LocalHttp http = new LocalHttp(this.port);
		assertThat(http.get("/api/greeting").statusCode()).isEqualTo(200);
		String body = http.get("/actuator/prometheus").body();
		Map<String, Set<String>> metrics = new HashMap<>();
		body.lines().filter((line) -> !line.startsWith("#") && !line.isBlank()).forEach((line) -> {
			Matcher series = SELECTOR.matcher(line);
			assertThat(series.lookingAt()).as(line).isTrue();
			Set<String> labels = metrics.computeIfAbsent(series.group(1), (name) -> new HashSet<>());
			if (series.group(2) != null) {
				Matcher label = MATCHER.matcher(series.group(2).replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\""));
				while (label.find()) {
					labels.add(label.group(1));
				}
			}
		});
		return metrics;
	}

	/** Adds the metric names of a PromQL expression, each with the labels it is matched on. */
	static void selectors(String promQl, Map<String, Set<String>> metrics) {
		String query = promQl.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"").replaceAll("\\[[^\\]]*\\]", "");
		Set<String> grouping = new HashSet<>();
		Matcher group = GROUPING.matcher(query);
		while (group.find()) {
			for (String label : group.group(1).split(",")) {
				if (!label.isBlank()) {
					grouping.add(label.strip());
				}
			}
		}
		String ungrouped = GROUPING.matcher(query).replaceAll(" ");
		Matcher selector = SELECTOR.matcher(ungrouped);
		while (selector.find()) {
			String name = selector.group(1);
			boolean function = selector.group(2) == null
					&& ungrouped.substring(selector.end()).stripLeading().startsWith("(");
			if (function || KEYWORDS.contains(name.toLowerCase())) {
				continue;
			}
			Set<String> labels = metrics.computeIfAbsent(name, (key) -> new HashSet<>());
			if (selector.group(2) != null) {
				Matcher matcher = MATCHER.matcher(selector.group(2));
				while (matcher.find()) {
					labels.add(matcher.group(1));
				}
			}
			labels.addAll(grouping);
		}
	}

	@SuppressWarnings("unchecked")
	private static List<String> dashboardQueries() {
		Map<String, Object> dashboard = JsonParserFactory.getJsonParser()
			.parseMap(Docs.read(Docs.DOCS.resolve("grafana/token-cache-dashboard.json")));
		List<String> queries = new ArrayList<>();
		for (Map<String, Object> panel : (List<Map<String, Object>>) dashboard.get("panels")) {
			for (Map<String, Object> target : (List<Map<String, Object>>) panel.get("targets")) {
				queries.add((String) target.get("expr"));
			}
		}
		Map<String, Object> templating = (Map<String, Object>) dashboard.get("templating");
		for (Map<String, Object> variable : (List<Map<String, Object>>) templating.get("list")) {
			if (variable.get("query") instanceof Map<?, ?> query) {
				queries.add(((String) query.get("query")).replaceAll("^label_values\\((.*),\\s*\\w+\\)$", "$1"));
			}
		}
		assertThat(queries).as("dashboard queries").hasSizeGreaterThanOrEqualTo(10);
		return queries;
	}

	@SuppressWarnings("unchecked")
	private static List<String> alertQueries() {
		Map<String, Object> rules = new Yaml().load(Docs.read(Docs.DOCS.resolve("prometheus/token-cache-alerts.yml")));
		List<String> queries = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				assertThat(rule).containsKeys("alert", "expr", "labels", "annotations");
				queries.add((String) rule.get("expr"));
			}
		}
		assertThat(queries).as("alerts").hasSize(4);
		return queries;
	}

	/** A Redis connection to a port that nothing listens on: Redis is down. */
	@TestConfiguration(proxyBeanMethods = false)
	static class UnreachableRedis {

		@Bean
		LettuceConnectionFactory redisConnectionFactory() throws IOException {
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			return new LettuceConnectionFactory(new RedisStandaloneConfiguration("localhost", port));
		}

	}

}
