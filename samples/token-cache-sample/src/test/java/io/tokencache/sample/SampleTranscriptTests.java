package io.tokencache.sample;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays the curl transcript of docs/sample.md, in order, against a freshly started sample over
 * real HTTP, and compares what it serves with what the page shows: every key, field and value
 * but the times, which differ on every run.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.transcript=fresh-context")
@DirtiesContext
class SampleTranscriptTests {

	/** Fields whose values are times: the test checks that they are there, not what they are. */
	private static final Set<String> TIMES = Set.of("refreshAt", "expiresAt", "tokenExpiresIn");

	/** Series whose values are timings. */
	private static final Pattern TIMINGS = Pattern.compile("_seconds_(sum|max)\\{");

	private static final Pattern ORIGIN = Pattern.compile("^'?localhost:8080(/\\S*?)'?$");

	@LocalServerPort
	private int port;

	@Test
	void sampleServesWhatItsPageShows() {
		List<Docs.Command> commands = Docs.consoleCommands(Docs.read(Docs.DOCS.resolve("sample.md")));
		assertThat(commands).as("commands of docs/sample.md").hasSizeGreaterThanOrEqualTo(8);
		LocalHttp http = new LocalHttp(this.port);
		for (Docs.Command command : commands) {
			Curl curl = Curl.parse(command.line());
			HttpResponse<String> response = curl.delete() ? http.delete(curl.path()) : http.get(curl.path());
			List<String> expected = command.output();
			if (curl.statusLine()) {
				assertThat("HTTP/1.1 " + response.statusCode()).as(command.line()).isEqualTo(expected.get(0));
			}
			else if (expected.get(0).startsWith("{")) {
				assertThat(response.statusCode()).as(command.line()).isEqualTo(200);
				assertSameJson(command.line(), expected.get(0), response.body());
			}
			else {
				assertSameSeries(command.line(), expected, curl.filter(response.body()));
			}
		}
	}

	private static void assertSameJson(String command, String expected, String actual) {
		assertThat(withoutTimes(JsonParserFactory.getJsonParser().parseMap(actual))).as("%s served%n%s", command, actual)
			.isEqualTo(withoutTimes(JsonParserFactory.getJsonParser().parseMap(expected)));
	}

	/** The JSON value with every time replaced by a marker, so that only its presence counts. */
	@SuppressWarnings("unchecked")
	private static Object withoutTimes(Object json) {
		if (json instanceof Map<?, ?> map) {
			Map<String, Object> copy = new TreeMap<>();
			((Map<String, Object>) map).forEach((key, value) -> copy.put(key, TIMES.contains(key) ? "<time>" : withoutTimes(value)));
			return copy;
		}
		if (json instanceof List<?> list) {
			return list.stream().map(SampleTranscriptTests::withoutTimes).toList();
		}
		return json;
	}

	/** Prometheus lines: the same series, and the same values but for timings. */
	private static void assertSameSeries(String command, List<String> expected, List<String> actual) {
		assertThat(series(actual)).as("%s served%n%s", command, String.join("\n", actual)).isEqualTo(series(expected));
	}

	private static Map<String, String> series(List<String> lines) {
		Map<String, String> series = new TreeMap<>();
		for (String line : lines) {
			int space = line.lastIndexOf(' ');
			String name = line.substring(0, space);
			series.put(name, TIMINGS.matcher(name).find() ? "<time>" : line.substring(space + 1));
		}
		return series;
	}

	/**
	 * The part of a curl command line that the transcript uses: {@code -i}, {@code -X DELETE},
	 * a URL on localhost:8080, and a pipe into {@code grep -E}.
	 */
	private record Curl(String path, boolean delete, boolean statusLine, List<Pattern> greps) {

		static Curl parse(String line) {
			String[] stages = line.split("\\s+\\|\\s+");
			String[] words = stages[0].split("\\s+");
			assertThat(words[0]).as(line).isEqualTo("curl");
			String path = null;
			boolean delete = false;
			boolean statusLine = false;
			for (int i = 1; i < words.length; i++) {
				var origin = ORIGIN.matcher(words[i]);
				if (origin.matches()) {
					path = origin.group(1);
				}
				else if (words[i].equals("-X")) {
					delete = words[++i].equals("DELETE");
				}
				else if (words[i].equals("-i")) {
					statusLine = true;
				}
				else {
					assertThat(words[i]).as("curl option in " + line).isEqualTo("-s");
				}
			}
			assertThat(path).as("URL in " + line).isNotNull();
			List<Pattern> greps = new ArrayList<>();
			for (int i = 1; i < stages.length; i++) {
				assertThat(stages[i]).as(line).startsWith("grep -E '").endsWith("'");
				greps.add(Pattern.compile(stages[i].substring("grep -E '".length(), stages[i].length() - 1)));
			}
			return new Curl(path, delete, statusLine, greps);
		}

		List<String> filter(String body) {
			return body.lines().filter((line) -> this.greps.stream().allMatch((grep) -> grep.matcher(line).find())).toList();
		}

	}

}
