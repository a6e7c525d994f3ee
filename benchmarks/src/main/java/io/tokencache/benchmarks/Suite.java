package io.tokencache.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The short suite that {@code benchmarks/run.sh} runs: every comparison of issue 6, each side
 * by side in one run, printed as tables. JMH's full output goes to log files.
 *
 * <p>Arguments choose sections ({@code hit put stampede memory scrape redis}); none means all.
 */
public final class Suite {

	private static final List<String> SECTIONS = List.of("hit", "put", "stampede", "memory", "scrape", "redis");

	private static final Throughput.Settings SETTINGS = new Throughput.Settings(1, 2, TimeValue.seconds(1), 10,
			TimeValue.milliseconds(500),
			Path.of(System.getProperty("benchmarks.logs", "benchmarks/target/jmh")));

	/**
	 * A longer warm-up for the tier's hit path: its fork also starts Spring contexts, Lettuce and
	 * the tier's threads, and on a busy machine the JIT compiler needs longer before the hit
	 * reaches its compiled steady state.
	 */
	private static final Throughput.Settings REDIS_HIT_SETTINGS = new Throughput.Settings(1, 10,
			TimeValue.seconds(1), 10, TimeValue.milliseconds(500), SETTINGS.logDirectory());

	private final PrintStream out = System.out;

	private Suite() {
	}

	public static void main(String[] args) throws RunnerException, IOException {
		Locale.setDefault(Locale.ROOT);
		Set<String> chosen = Set.copyOf((args.length > 0) ? Arrays.asList(args) : SECTIONS);
		if (!SECTIONS.containsAll(chosen)) {
			throw new IllegalArgumentException("Sections are " + SECTIONS + " but got " + chosen);
		}
		Files.createDirectories(SETTINGS.logDirectory());
		new Suite().run(chosen);
	}

	private void run(Set<String> chosen) throws RunnerException {
		machine();
		if (chosen.contains("hit")) {
			hits();
		}
		if (chosen.contains("put")) {
			puts();
		}
		if (chosen.contains("stampede")) {
			stampedes();
		}
		if (chosen.contains("memory")) {
			memory();
		}
		if (chosen.contains("scrape")) {
			scrapes();
		}
		if (chosen.contains("redis")) {
			redis();
		}
		this.out.printf("%nJMH logs: %s%n", SETTINGS.logDirectory().toAbsolutePath());
	}

	private void machine() {
		String cpu = cpuModel();
		this.out.printf("Machine: %s, %d cores; %s %s; %s%n", cpu, Runtime.getRuntime().availableProcessors(),
				System.getProperty("java.vm.name"), System.getProperty("java.vm.version"),
				System.getProperty("os.name") + " " + System.getProperty("os.version"));
		this.out.printf("JMH: forks %d, warm-up %d x %s, measurement %d x %s; +- is JMH's 99.9%% interval.%n",
				SETTINGS.forks(), SETTINGS.warmupIterations(), SETTINGS.warmupTime(),
				SETTINGS.measurementIterations(), SETTINGS.measurementTime());
		this.out.println("CPU-norm.: throughput per CPU time the benchmark threads received (CpuTimeProfiler);"
				+ " ratios use it.");
	}

	private void hits() throws RunnerException {
		heading("Hit path: present keys out of 1,000 (ops/us, all threads; higher is better)");
		List<Throughput.Score> scores = new ArrayList<>();
		for (int threads : new int[] { 1, 2 }) {
			scores.addAll(Throughput.run(HitBenchmark.class, threads, SETTINGS));
		}
		this.out.printf("%-24s %7s %17s %17s %6s %13s %13s%n", "benchmark", "threads", "wall ops/us",
				"CPU-norm. ops/us", "B/op", "x CHM", "x Caffeine");
		for (Throughput.Score score : scores) {
			Throughput.Score map = Throughput.find(scores, "concurrentHashMapGet", score.threads());
			Throughput.Score caffeine = Throughput.find(scores, "caffeineGetIfPresent", score.threads());
			this.out.printf("%-24s %7d %17s %17s %6.2f %13s %13s%n", score.method(), score.threads(),
					plusMinus(score.wall(), score.wallError()), plusMinus(score.cpu(), score.cpuError()),
					score.bytesPerOp(), ratio(score, map), ratio(score, caffeine));
		}
		this.out.println("Targets for tokenCacheGet*: >= 0.6 x CHM, >= 2 x Caffeine, 0 B/op.");
		load();
	}

	private void puts() throws RunnerException {
		heading("Put, and 90% get / 10% put, on 1,000 keys (ops/us, all threads; higher is better)");
		List<Throughput.Score> scores = new ArrayList<>();
		for (int threads : new int[] { 1, 2 }) {
			scores.addAll(Throughput.run(PutBenchmark.class, threads, SETTINGS));
		}
		this.out.printf("%-24s %7s %17s %17s %6s %13s%n", "benchmark", "threads", "wall ops/us",
				"CPU-norm. ops/us", "B/op", "x Caffeine");
		for (Throughput.Score score : scores) {
			String opponent = score.method().contains("Put") ? "caffeinePut" : "caffeineMixed";
			this.out.printf("%-24s %7d %17s %17s %6.2f %13s%n", score.method(), score.threads(),
					plusMinus(score.wall(), score.wallError()), plusMinus(score.cpu(), score.cpuError()),
					score.bytesPerOp(), ratio(score, Throughput.find(scores, opponent, score.threads())));
		}
		load();
	}

	private void stampedes() throws RunnerException {
		heading("Stampede: C callers on one expired key, loader takes "
				+ StampedeBenchmark.LOAD_TIME.toMillis() + " ms");
		this.out.printf("%-26s %5s %9s %22s %9s %9s %9s%n", "benchmark", "C", "expiries", "loader calls/expiry",
				"p50 ms", "p99 ms", "max ms");
		for (int callers : new int[] { 8, 64, 256 }) {
			for (Stampede.Outcome outcome : Stampede.run(callers, SETTINGS)) {
				String calls = String.format("%.2f (%d..%d)", outcome.meanLoaderCalls(), outcome.minLoaderCalls(),
						outcome.maxLoaderCalls());
				this.out.printf("%-26s %5d %9d %22s %9.2f %9.2f %9.2f%n", outcome.method(), callers,
						outcome.expiries(), calls, outcome.percentile(50), outcome.percentile(99),
						outcome.percentile(100));
			}
		}
		this.out.println("Target for tokenCacheGetWithLoader: exactly 1 loader call per expiry.");
		load();
	}

	private void memory() {
		heading(String.format("Memory: retained heap per entry at %,d entries, by JOL"
				+ " (key and token strings excluded)", MemoryFootprint.ENTRIES));
		for (MemoryFootprint.Footprint footprint : MemoryFootprint.measure()) {
			this.out.printf("%-50s %8.1f B/entry%n", footprint.cache(), footprint.bytesPerEntry());
		}
		this.out.println("Target: TokenCache no more than Caffeine.");
	}

	private void scrapes() throws RunnerException {
		heading("Scrape: one read of every meter TokenCacheMetrics binds, by cache size (us/op; lower is better)");
		List<Scrape.Cost> costs = Scrape.run(SETTINGS);
		this.out.printf("%-18s %9s %19s %17s%n", "benchmark", "entries", "us/op", "x at 100 entries");
		for (Scrape.Cost cost : costs) {
			Scrape.Cost small = Scrape.find(costs, cost.method(), 100);
			this.out.printf("%-18s %,9d %19s %17s%n", cost.method(), cost.entries(), plusMinus(cost.micros(), cost.error()),
					String.format("%7.2f +- %5.2f", cost.micros() / small.micros(), cost.ratioError(small)));
		}
		this.out.println("Target for scrapeAllMeters: at 100,000 entries <= 5 x at 100. statsSnapshot scans, for"
				+ " comparison.");
		load();
	}

	private void redis() throws RunnerException {
		int instances = 4;
		int callers = 100;
		int expiries = 20;
		heading(String.format("Redis tier: %d instances x %d callers at one expiry, loader takes %d ms, %d expiries",
				instances, callers, ManyInstances.LOAD_TIME.toMillis(), expiries));
		this.out.printf("%-10s %26s %9s %9s %9s%n", "tier", "loader calls/expiry", "p50 ms", "p99 ms", "max ms");
		for (boolean tier : new boolean[] { false, true }) {
			ManyInstances.Stampede run = stampede(instances, callers, expiries, tier);
			this.out.printf("%-10s %26s %9.2f %9.2f %9.2f%n", tier ? "on" : "off",
					String.format("%.2f (%d..%d)", run.meanCalls(), run.minCalls(), run.maxCalls()),
					ManyInstances.percentileMillis(run.latencies(), 50),
					ManyInstances.percentileMillis(run.latencies(), 99),
					ManyInstances.percentileMillis(run.latencies(), 100));
		}
		this.out.println("Target with the tier: 1 loader call per expiry (4 without it).");
		int invalidations = 200;
		heading(String.format("Redis tier: invalidation on 1 of %d instances until the other %d stop serving the "
				+ "token, %d invalidations", instances, instances - 1, invalidations));
		long[] times = propagation(instances, invalidations);
		this.out.printf("samples %d, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", times.length,
				ManyInstances.percentileMillis(times, 50), ManyInstances.percentileMillis(times, 99),
				ManyInstances.percentileMillis(times, 100));
		this.out.println("Target: under 1 s.");
		heading("Redis tier: hit path on the auto-configured cache, tier off and on (ops/us, all threads)");
		List<Throughput.Score> scores = new ArrayList<>();
		for (int threads : new int[] { 1, 2 }) {
			scores.addAll(Throughput.run(RedisHitBenchmark.class, threads, REDIS_HIT_SETTINGS));
		}
		this.out.printf("%-24s %7s %17s %17s %6s %13s%n", "benchmark", "threads", "wall ops/us",
				"CPU-norm. ops/us", "B/op", "x tier off");
		for (Throughput.Score score : scores) {
			String off = score.method().replace("tierOn", "tierOff");
			this.out.printf("%-24s %7d %17s %17s %6.2f %13s%n", score.method(), score.threads(),
					plusMinus(score.wall(), score.wallError()), plusMinus(score.cpu(), score.cpuError()),
					score.bytesPerOp(), ratio(score, Throughput.find(scores, off, score.threads())));
		}
		this.out.println("Target: tier on the same as tier off (x 1.00), 0 B/op.");
	}

	private static ManyInstances.Stampede stampede(int instances, int callers, int expiries, boolean tier) {
		try {
			return ManyInstances.stampede(instances, callers, expiries, tier);
		}
		catch (Exception ex) {
			throw new IllegalStateException("The Redis tier stampede failed", ex);
		}
	}

	private static long[] propagation(int instances, int invalidations) {
		try {
			return ManyInstances.propagation(instances, invalidations);
		}
		catch (Exception ex) {
			throw new IllegalStateException("The Redis tier propagation run failed", ex);
		}
	}

	private void heading(String title) {
		this.out.printf("%n== %s ==%n", title);
		load();
	}

	private void load() {
		this.out.printf("(load average: %.2f)%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
	}

	private static String plusMinus(double value, double error) {
		return String.format("%7.1f +- %6.1f", value, error);
	}

	private static String ratio(Throughput.Score score, Throughput.Score base) {
		return String.format("%5.2f +- %4.2f", score.ratio(base), score.ratioError(base));
	}

	private static String cpuModel() {
		try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
			return lines.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse(System.getProperty("os.arch"));
		}
		catch (IOException | RuntimeException ex) {
			return System.getProperty("os.arch");
		}
	}

}
