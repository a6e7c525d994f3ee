package io.tokencache.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repository's documentation, README.md and docs/, as the docs tests read it. Paths are
 * relative to this module's base directory, where Maven runs the tests. docs/incoming/ holds
 * drafts that are not published yet, so it is left out.
 */
final class Docs {

	static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

	static final Path DOCS = ROOT.resolve("docs");

	private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```.*?^\\s*```[ \\t]*$");

	private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*\\s*$");

	private static final Pattern HTML_ID = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");

	private Docs() {
	}

	/** README.md and every Markdown file under docs/, but docs/incoming/. */
	static List<Path> markdownFiles() {
		List<Path> files = new ArrayList<>();
		files.add(ROOT.resolve("README.md"));
		try (Stream<Path> docs = Files.walk(DOCS)) {
			docs.filter((path) -> path.toString().endsWith(".md"))
				.filter((path) -> !DOCS.relativize(path).startsWith("incoming"))
				.sorted()
				.forEach(files::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return files;
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The text without its fenced code blocks, whose brackets are code, not links. */
	static String prose(String markdown) {
		return FENCE.matcher(markdown).replaceAll("");
	}

	/** The anchors a link may name in a file: its headings as GitHub slugs them, and HTML ids. */
	static Set<String> anchors(String markdown) {
		Set<String> anchors = new LinkedHashSet<>();
		Map<String, Integer> seen = new HashMap<>();
		Matcher heading = HEADING.matcher(prose(markdown));
		while (heading.find()) {
			String slug = slug(heading.group(1));
			int count = seen.merge(slug, 1, Integer::sum);
			anchors.add((count == 1) ? slug : slug + "-" + (count - 1));
		}
		Matcher id = HTML_ID.matcher(markdown);
		while (id.find()) {
			anchors.add(id.group(1));
		}
		return anchors;
	}

	/** GitHub's heading slug: lower case, punctuation dropped, each space a hyphen. */
	static String slug(String heading) {
		String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
		return text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
	}

	/** The commands of the {@code console} blocks of a file, in order, with their output. */
	static List<Command> consoleCommands(String markdown) {
		List<Command> commands = new ArrayList<>();
		Matcher block = Pattern.compile("(?ms)^```console\\n(.*?)^```").matcher(markdown);
		while (block.find()) {
			Command current = null;
			for (String line : block.group(1).split("\n")) {
				if (line.startsWith("$ ")) {
					current = new Command(line.substring(2), new ArrayList<>());
					commands.add(current);
				}
				else if (current != null && !line.isBlank()) {
					current.output().add(line);
				}
			}
		}
		return commands;
	}

	/**
	 * A shell command of a transcript and the output the docs show for it.
	 * @param line the command, without the prompt
	 * @param output the lines shown after it
	 */
	record Command(String line, List<String> output) {
	}

}
