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
 * <p>Arguments choose sections ({@code hit put full stampede oauth2 users refresh memory scrape idle redis redis-refresh virtual});
 * none means all but {@code virtual}, which needs JDK 21 or later and which {@code run.sh} runs on
 * JDK 25.
 */
public final class Suite {

	private static final List<String> SECTIONS = List.of("hit", "put", "full", "stampede", "oauth2", "users",
			"refresh", "memory", "scrape", "idle", "redis", "redis-refresh", "virtual");

	private static final List<String> DEFAULT_SECTIONS = List.of("hit", "put", "full", "stampede", "oauth2",
			"users", "refresh", "memory", "scrape", "idle", "redis", "redis-refresh");

	private static final Throughput.Settings SETTINGS = new Throughput.Settings(1, 2, TimeValue.seconds(1), 10,
			TimeValue.milliseconds(500),
			Path.of(System.getProperty("benchmarks.logs", "benchmarks/target/jmh")));

	/**
	 * A longer warm-up for the tier's hit path: its fork also starts Spring contexts, Lettuce and
	 * the tier's threads, and on a busy machine the JIT compiler needs longer before the hit
	 * reaches its compiled steady state. Two forks, since each fork compiles the hit path anew,
	 * and the ratio of one fork follows that fork's inlining decisions.
	 */
	private static final Throughput.Settings REDIS_HIT_SETTINGS = new Throughput.Settings(2, 10,
			TimeValue.seconds(1), 10, TimeValue.milliseconds(500), SETTINGS.logDirectory());

	private final PrintStream out = System.out;

	private Suite() {
	}

	public static void main(String[] args) throws Exception {
		Locale.setDefault(Locale.ROOT);
		Set<String> chosen = Set.copyOf((args.length > 0) ? Arrays.asList(args) : DEFAULT_SECTIONS);
		if (!SECTIONS.containsAll(chosen)) {
			throw new IllegalArgumentException("Sections are " + SECTIONS + " but got " + chosen);
		}
		Files.createDirectories(SETTINGS.logDirectory());
		new Suite().run(chosen);
	}

	private void run(Set<String> chosen) throws Exception {
		machine();
		if (chosen.contains("hit")) {
			hits();
		}
		if (chosen.contains("put")) {
			puts();
		}
		if (chosen.contains("full")) {
			fullCachePuts();
		}
		if (chosen.contains("stampede")) {
			stampedes();
		}
		if (chosen.contains("oauth2")) {
			oauth2Stampedes();
		}
		if (chosen.contains("users")) {
			heading("Per-user grants: token exchange, rotated refresh tokens, 10,000 users with maximum-size 1,000");
			UserTokensBenchmark.run(this.out);
		}
		if (chosen.contains("refresh")) {
			refreshAhead();
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
		if (chosen.contains("redis-refresh")) {
			redisRefresh();
		}
		if (chosen.contains("idle")) {
			idle();
		}
		if (chosen.contains("virtual")) {
			virtualThreads();
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

	private void fullCachePuts() throws RunnerException {
		heading("Put of a new key into a full cache, each put evicting one entry"
				+ " (ops/us, all threads; us/put per thread; higher ops/us is better)");
		List<Throughput.Score> scores = new ArrayList<>();
		for (int threads : new int[] { 1, 2 }) {
			scores.addAll(Throughput.run(FullCacheBenchmark.class, threads, SETTINGS));
		}
		this.out.printf("%-27s %-12s %7s %17s %17s %9s %6s %13s%n", "benchmark", "maximumSize", "threads",
				"wall ops/us", "CPU-norm. ops/us", "us/put", "B/op", "x Caffeine");
		for (Throughput.Score score : scores) {
			Throughput.Score caffeine = Throughput.find(scores, "caffeinePut", score.threads(), score.params());
			this.out.printf("%-27s %-12s %7d %17s %17s %9.3f %6.0f %13s%n", score.method(),
					score.params().replace("maximumSize=", ""), score.threads(),
					plusMinus3(score.wall(), score.wallError()), plusMinus3(score.cpu(), score.cpuError()),
					score.threads() / score.cpu(), score.bytesPerOp(), ratio(score, caffeine));
		}
		this.out.println("Targets: tokenCachePut >= 1/3 x Caffeine's throughput at 10,000, the same at 1,000 and"
				+ " 100,000; at 2 threads, more than at 1.");
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

	private void oauth2Stampedes() throws RunnerException {
		heading("Spring Security's OAuth2 client: C callers authorize() with no token stored, token endpoint"
				+ " answers in " + TokenEndpoint.LATENCY.toMillis() + " ms");
		this.out.printf("%-26s %5s %9s %22s %9s %9s %9s%n", "benchmark", "C", "expiries", "token requests/expiry",
				"p50 ms", "p99 ms", "max ms");
		for (int callers : new int[] { 20, 200 }) {
			for (Stampede.Outcome outcome : Stampede.run(OAuth2ClientStampedeBenchmark.class, callers, SETTINGS)) {
				String calls = String.format("%.2f (%d..%d)", outcome.meanLoaderCalls(), outcome.minLoaderCalls(),
						outcome.maxLoaderCalls());
				this.out.printf("%-26s %5d %9d %22s %9.2f %9.2f %9.2f%n", outcome.method(), callers,
						outcome.expiries(), calls, outcome.percentile(50), outcome.percentile(99),
						outcome.percentile(100));
			}
		}
		this.out.println("Target for springSecurityWithStarter: exactly 1 token request per expiry.");
		load();
	}

	private void refreshAhead() throws RunnerException {
		heading(String.format("Refresh-ahead: %d callers, each arriving every ~%d ms, across a refresh point; loader"
				+ " takes %d ms", RefreshAhead.CALLERS, RefreshAheadBenchmark.ARRIVAL_INTERVAL.toMillis(),
				RefreshAheadBenchmark.LOAD_TIME.toMillis()));
		this.out.printf("%-14s %8s %22s %10s %10s %10s%n", "refresh-ahead", "calls", "loader calls/expiry",
				"p50 us", "p99 us", "max us");
		for (RefreshAhead.Outcome outcome : RefreshAhead.run(SETTINGS)) {
			String calls = String.format("%.2f (%d..%d)", outcome.meanLoaderCalls(), outcome.minLoaderCalls(),
					outcome.maxLoaderCalls());
			this.out.printf("%-14s %8d %22s %10.1f %10.1f %10.1f%n", outcome.refreshAhead(), outcome.calls(), calls,
					outcome.p50(), outcome.p99(), outcome.max());
		}
		this.out.println("Target with refresh-ahead on: p99 at hit latency, exactly 1 loader call per expiry.");
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

	private void idle() throws InterruptedException {
		heading(String.format("Idle CPU: real-time caches open, each holding one token, nothing read;"
				+ " median of %d rounds of %d s", IdleCpu.ROUNDS, IdleCpu.IDLE.toSeconds()));
		this.out.printf("%-7s %17s %14s %24s %15s%n", "caches", "process CPU ms", "% of a core", "token-cache-* CPU ms",
				"library threads");
		for (IdleCpu.Result result : IdleCpu.run()) {
			this.out.printf("%-7d %17.1f %14.2f %24.1f %15d%n", result.caches(), result.processMillis(),
					result.percentOfACore(), result.cacheThreadMillis(), result.cacheThreads());
		}
		this.out.println("Target: 10 caches cost no more than 1, plus noise.");
		load();
	}

	private void virtualThreads() throws Exception {
		heading(String.format("Virtual threads: %,d tasks per round, each on a new virtual thread reading one present"
				+ " key; %d carriers; median of %d rounds in rotating order", VirtualThreadHits.TASKS,
				Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
						Runtime.getRuntime().availableProcessors()),
				VirtualThreadHits.ROUNDS));
		this.out.printf("%-28s %12s %12s %9s %12s %16s %9s %12s%n", "contender", "wall ns/task", "CPU ns/task",
				"B/task", "x Caffeine", "CPU ns over CHM", "read ns", "x Caffeine");
		for (VirtualThreadHits.Result result : VirtualThreadHits.run()) {
			this.out.printf("%-28s %12.1f %12.1f %9.1f %12.2f %16.1f %9.1f %12.2f%n", result.name(),
					result.wallNanosPerTask(), result.cpuNanosPerTask(), result.bytesPerTask(), result.timesCaffeine(),
					result.nanosOverMap(), result.readNanos(), result.readTimesCaffeine());
		}
		this.out.println("Per task: ratios and differences per round, on CPU time, then the median over rounds.");
		this.out.println("Read: the read alone, timed with System.nanoTime() inside each new thread, less the empty");
		this.out.println("read's time; reads over 10 us (descheduled) left out; per-round ratio, median over rounds.");
		this.out.println("Targets for TokenCache: <= 1.0 x Caffeine; goal within 20 ns of ConcurrentHashMap.");
		load();
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

	private void redisRefresh() throws Exception {
		int instances = 4;
		int callers = 100;
		int refreshPoints = 5;
		heading(String.format("Redis tier, refresh-ahead on: %d instances x %d callers, one call each per ms, %d "
				+ "refresh points of %d s tokens, loader takes %d ms", instances, callers, refreshPoints,
				RefreshAcrossInstances.LIFETIME.toSeconds(), RefreshAcrossInstances.LOAD_TIME.toMillis()));
		this.out.printf("%-10s %7s %10s %11s %9s %8s %8s %8s %15s%n", "tokens", "loader", "duplicates",
				"shortest s", "calls", "p50 ms", "p99 ms", "max ms", "Redis p99/max");
		for (boolean expiring : new boolean[] { false, true }) {
			RefreshAcrossInstances.Run run = RefreshAcrossInstances.run(instances, callers, refreshPoints, expiring);
			this.out.printf("%-10s %7d %10d %11.2f %9d %8.3f %8.3f %8.3f %7.1f/%7.1f%n",
					expiring ? "expiring" : "no expiry", run.loaderCalls(), run.duplicates(),
					run.shortestGapSeconds(), run.latencies().length,
					ManyInstances.percentileMillis(run.latencies(), 50),
					ManyInstances.percentileMillis(run.latencies(), 99),
					ManyInstances.percentileMillis(run.latencies(), 100),
					ManyInstances.percentileMillis(run.pings(), 99), ManyInstances.percentileMillis(run.pings(), 100));
		}
		this.out.printf("loader: loader calls after the first; duplicates: loader calls less than %d s after the one "
				+ "before%n(a refresh starts at least %.1f s after the last); Redis: PING round trips from this JVM, "
				+ "every 10 ms.%n", RefreshAcrossInstances.DUPLICATE_GAP.toSeconds(),
				(RefreshAcrossInstances.USABLE.toMillis() - RefreshAcrossInstances.WINDOW.toMillis()) / 1000.0);
		this.out.println("Target: 0 duplicates (one loader call per expiry); p99 with expiring tokens within 2 x p99 "
				+ "with none.");
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
		this.out.printf("(load average: %.2f; cross-core round trip: %d ns)%n",
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), CrossCoreRoundTrip.medianNanos());
	}

	private static String plusMinus(double value, double error) {
		return String.format("%7.1f +- %6.1f", value, error);
	}

	/** For scores near 1 op/us, where one decimal would hide the difference. */
	private static String plusMinus3(double value, double error) {
		return String.format("%7.3f +- %6.3f", value, error);
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
