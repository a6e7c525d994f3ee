package io.tokencache.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documentation against the code: every property is documented with its default, every
 * relative link resolves, every test the docs name exists, and every page and section the code
 * refers to exists.
 */
class DocumentationTests {

	private static final Path CONFIGURATION = Docs.DOCS.resolve("configuration.md");

	private static final Pattern PROPERTY_ROW = Pattern.compile("(?m)^\\| `(token-cache\\.[a-z0-9.-]+)` \\| ([^|]*) \\|");

	private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");

	private static final Pattern DOCS_REFERENCE = Pattern.compile("docs/([\\w/-]+\\.md)(?:,\\s*\"([^\"]+)\")?");

	private static final Pattern TEST_NAME = Pattern.compile("`([A-Z]\\w*Tests)(?:[.#](\\w+))?`");

	@Test
	void everyTokenCachePropertyIsDocumentedWithItsDefault() throws IOException {
		Map<String, String> documented = documentedProperties(CONFIGURATION);
		Map<String, Object> properties = tokenCacheProperties();
		assertThat(properties).as("token-cache.* properties in the configuration metadata").hasSizeGreaterThan(10);
		List<String> problems = new ArrayList<>();
		properties.keySet()
			.stream()
			.filter((name) -> !documented.containsKey(name))
			.forEach((name) -> problems.add(name + " is not in a table row of docs/configuration.md"));
		problems.addAll(wrongRows(CONFIGURATION, properties));
		assertThat(problems).isEmpty();
	}

	@Test
	void readmesPropertiesAreRealWithTheirDefaults() throws IOException {
		Path readme = Docs.ROOT.resolve("README.md");
		assertThat(documentedProperties(readme)).as("properties in README.md").hasSizeGreaterThan(5);
		assertThat(wrongRows(readme, tokenCacheProperties())).isEmpty();
	}

	/** Rows of a file's property tables that name no property, or another default. */
	private static List<String> wrongRows(Path file, Map<String, Object> properties) {
		List<String> problems = new ArrayList<>();
		documentedProperties(file).forEach((name, cell) -> {
			Object defaultValue = properties.get(name);
			if (!properties.containsKey(name)) {
				problems.add(file.getFileName() + ": " + name + " is documented but is no property");
			}
			else if (defaultValue != null && !cell.contains("`" + defaultValue.toString().toLowerCase() + "`")) {
				problems.add(file.getFileName() + ": " + name + " is documented with default " + cell.strip()
						+ ", the metadata says " + defaultValue);
			}
		});
		return problems;
	}

	@Test
	void everyRelativeLinkResolves() {
		List<String> broken = new ArrayList<>();
		Map<Path, String> files = new HashMap<>();
		int links = 0;
		for (Path file : Docs.markdownFiles()) {
			Matcher link = LINK.matcher(Docs.prose(Docs.read(file)));
			while (link.find()) {
				String target = link.group(1);
				if (target.matches("^[a-z]+:.*")) {
					continue;
				}
				links++;
				String problem = problem(file, target, files);
				if (problem != null) {
					broken.add(Docs.ROOT.relativize(file) + ": " + target + " (" + problem + ")");
				}
			}
		}
		assertThat(links).as("relative links checked").isGreaterThan(50);
		assertThat(broken).isEmpty();
	}

	@Test
	void everyTestTheDocsNameExists() throws IOException {
		Map<String, String> tests = testSources();
		List<String> missing = new ArrayList<>();
		int named = 0;
		for (Path file : Docs.markdownFiles()) {
			Matcher test = TEST_NAME.matcher(Docs.read(file));
			while (test.find()) {
				named++;
				String source = tests.get(test.group(1));
				String method = test.group(2);
				if (source == null) {
					missing.add(Docs.ROOT.relativize(file) + ": " + test.group(1));
				}
				else if (method != null && !source.contains(" " + method + "(")) {
					missing.add(Docs.ROOT.relativize(file) + ": " + test.group(1) + "." + method);
				}
			}
		}
		assertThat(named).as("tests named in the docs").isGreaterThan(30);
		assertThat(missing).isEmpty();
	}

	@Test
	void everyPageAndSectionTheCodeRefersToExists() throws IOException {
		List<String> broken = new ArrayList<>();
		int references = 0;
		for (Map.Entry<Path, String> source : javaSources().entrySet()) {
			String comments = source.getValue().replaceAll("\\n\\s*(\\*|//)\\s*", " ");
			Matcher reference = DOCS_REFERENCE.matcher(comments);
			while (reference.find()) {
				references++;
				Path page = Docs.DOCS.resolve(reference.group(1));
				String section = reference.group(2);
				if (!Files.exists(page)) {
					broken.add(Docs.ROOT.relativize(source.getKey()) + ": docs/" + reference.group(1));
				}
				else if (section != null && !Docs.anchors(Docs.read(page)).contains(Docs.slug(section))) {
					broken.add(Docs.ROOT.relativize(source.getKey()) + ": docs/" + reference.group(1) + ", " + section);
				}
			}
		}
		assertThat(references).as("references to docs/ in the code").isGreaterThan(10);
		assertThat(broken).isEmpty();
	}

	private static Map<String, String> documentedProperties(Path file) {
		Map<String, String> rows = new LinkedHashMap<>();
		Matcher row = PROPERTY_ROW.matcher(Docs.read(file));
		while (row.find()) {
			rows.put(row.group(1), row.group(2));
		}
		return rows;
	}

	/** Every token-cache.* property of every configuration metadata file on the class path. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> tokenCacheProperties() throws IOException {
		Map<String, Object> properties = new LinkedHashMap<>();
		for (URL url : Collections.list(DocumentationTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				Map<String, Object> metadata = JsonParserFactory.getJsonParser()
					.parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
				for (Map<String, Object> property : (List<Map<String, Object>>) metadata.getOrDefault("properties",
						List.of())) {
					String name = (String) property.get("name");
					if (name.startsWith("token-cache.")) {
						properties.put(name, property.get("defaultValue"));
					}
				}
			}
		}
		return properties;
	}

	private static String problem(Path file, String target, Map<Path, String> files) {
		int hash = target.indexOf('#');
		String path = (hash < 0) ? target : target.substring(0, hash);
		Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
		if (!Files.exists(resolved)) {
			return "no such file";
		}
		if (hash < 0) {
			return null;
		}
		if (!resolved.toString().endsWith(".md")) {
			return "an anchor in a file that is not Markdown";
		}
		String anchor = target.substring(hash + 1);
		String markdown = files.computeIfAbsent(resolved, Docs::read);
		return Docs.anchors(markdown).contains(anchor) ? null : "no such anchor";
	}

	/** Test class sources of the repository, by simple name. */
	private static Map<String, String> testSources() throws IOException {
		Map<String, String> sources = new HashMap<>();
		javaSources().forEach((path, source) -> {
			if (path.toString().contains("/src/test/java/") && path.toString().endsWith("Tests.java")) {
				sources.merge(path.getFileName().toString().replace(".java", ""), source, (a, b) -> a + b);
			}
		});
		return sources;
	}

	/** Every Java source of the repository, main and test. */
	private static Map<Path, String> javaSources() throws IOException {
		Map<Path, String> sources = new HashMap<>();
		try (Stream<Path> files = Files.walk(Docs.ROOT)) {
			files.filter((path) -> path.toString().endsWith(".java") && path.toString().contains("/src/"))
				.filter((path) -> !path.toString().contains("/target/"))
				.forEach((path) -> sources.put(path, Docs.read(path)));
		}
		return sources;
	}

}
