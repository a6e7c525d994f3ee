package io.tokencache;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A token value never appears in {@code toString()}, exception messages or log output. Each
 * test uses one distinctive token and looks for it everywhere the cache writes text.
 */
class SecretTests {

	private static final String SECRET = "eyJhbGciOiJSUzI1NiJ9.SECRET-7f3a9c1e-do-not-log";

	private final FakeTicker ticker = new FakeTicker();

	private final DefaultTokenCache cache = TestCaches.build(this.ticker);

	private final Logger julLogger = Logger.getLogger(TokenCache.class.getName());

	private final List<LogRecord> records = new ArrayList<>();

	private final Handler capture = new Handler() {

		@Override
		public void publish(LogRecord record) {
			synchronized (SecretTests.this.records) {
				SecretTests.this.records.add(record);
			}
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	};

	private Level previousLevel;

	@BeforeEach
	void captureEveryLogRecord() {
		this.previousLevel = this.julLogger.getLevel();
		this.julLogger.setLevel(Level.ALL);
		this.capture.setLevel(Level.ALL);
		this.julLogger.addHandler(this.capture);
	}

	@AfterEach
	void stopCapturing() {
		this.julLogger.removeHandler(this.capture);
		this.julLogger.setLevel(this.previousLevel);
	}

	@Test
	void toStringOfEveryValueLeavesTheTokenOut() {
		this.cache.put("k", SECRET, Duration.ofHours(1));
		List<Object> values = List.of(new AccessToken(SECRET, Duration.ofHours(1)), AccessToken.of(SECRET, 60),
				Entry.create(SECRET, 0, Duration.ofHours(1), Duration.ZERO), this.cache, this.cache.stats(),
				this.cache.describe("k").orElseThrow(), this.cache.entries());
		for (Object value : values) {
			assertThat(value.toString()).doesNotContain(SECRET).isNotBlank();
		}
		assertThat(new AccessToken(SECRET, Duration.ofHours(1))).hasToString("AccessToken[value=<redacted>, expiresIn=PT1H]");
	}

	@Test
	void exceptionsLeaveTheTokenOut() {
		this.cache.put("stale", SECRET, Duration.ofMinutes(10), Duration.ofMinutes(5));
		this.ticker.advance(Duration.ofMinutes(10));
		List<Throwable> thrown = List.of(
				catchThrowable(() -> this.cache.put("k", SECRET, Duration.ZERO)),
				catchThrowable(() -> this.cache.put("k", SECRET, Duration.ofSeconds(-1))),
				catchThrowable(() -> this.cache.put("k", SECRET, Duration.ofHours(1), Duration.ofSeconds(-1))),
				catchThrowable(() -> this.cache.put("k", SECRET, null)),
				catchThrowable(() -> new AccessToken(SECRET, Duration.ZERO)),
				catchThrowable(() -> this.cache.get("stale", (key) -> {
					throw new IllegalStateException("identity provider down");
				})),
				catchThrowable(() -> this.cache.get("k", (key) -> new AccessToken(SECRET, Duration.ofSeconds(-1)))));
		for (Throwable ex : thrown) {
			assertThat(ex).isNotNull();
			assertThat(ex.getMessage()).doesNotContain(SECRET);
			assertThat(ex.toString()).doesNotContain(SECRET);
			assertThat(stackTrace(ex)).doesNotContain(SECRET);
		}
	}

	@Test
	void logOutputAtEveryLevelLeavesTheTokenOut() {
		this.cache.get("loaded", (key) -> AccessToken.of(SECRET, 3600));
		this.cache.put("stale", SECRET, Duration.ofMinutes(10), Duration.ofMinutes(5));
		this.ticker.advance(Duration.ofMinutes(6));
		assertThat(this.cache.get("stale", (key) -> {
			throw new IllegalStateException("identity provider rejected " + SECRET);
		})).isEqualTo(SECRET);
		catchThrowable(() -> this.cache.get("failed", (key) -> {
			throw new IllegalStateException("identity provider rejected " + SECRET);
		}));
		assertThat(this.records).extracting(LogRecord::getLevel).contains(Level.FINE, Level.WARNING);
		assertThat(this.records).hasSizeGreaterThanOrEqualTo(3);
		SimpleFormatter formatter = new SimpleFormatter();
		for (LogRecord record : this.records) {
			assertThat(formatter.format(record)).doesNotContain(SECRET);
		}
	}

	private static String stackTrace(Throwable ex) {
		StringWriter text = new StringWriter();
		ex.printStackTrace(new PrintWriter(text));
		return text.toString();
	}

}
