#!/usr/bin/env bash
# Builds the benchmarks jar and runs the short suite: hit path, put and mix, put into a full cache, stampede,
# Spring Security's OAuth2 client, its per-user grants, refresh-ahead, memory, meter scrape, idle CPU, Redis tier and virtual threads.
# Arguments choose sections (hit put full stampede oauth2 users refresh memory scrape idle redis redis-refresh virtual); none runs all,
# about 19 minutes on 2 cores ("full" about 4 of them). "virtual" runs on JDK 25 ($JDK25_HOME, by default
# /usr/lib/jvm/temurin-25-jdk-amd64) with 2 carrier threads; everything else on the java on the PATH.
# For anything else, run JMH directly: java -jar benchmarks/target/benchmarks.jar -h
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl benchmarks -am package -DskipTests
jdk25="${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
sections=("$@")
if [ ${#sections[@]} -eq 0 ]; then
	sections=(hit put full stampede oauth2 users refresh memory scrape idle redis redis-refresh virtual)
fi
others=()
virtual=false
for section in "${sections[@]}"; do
	if [ "$section" = virtual ]; then virtual=true; else others+=("$section"); fi
done
if [ ${#others[@]} -gt 0 ]; then
	# JOL needs these to size records and to use the JVM's own object sizes.
	java -Djdk.attach.allowAttachSelf=true -Djol.magicFieldOffset=true \
		-cp benchmarks/target/benchmarks.jar io.tokencache.benchmarks.Suite "${others[@]}"
fi
if [ "$virtual" = true ]; then
	"$jdk25/bin/java" -Djdk.virtualThreadScheduler.parallelism=2 \
		-cp benchmarks/target/benchmarks.jar io.tokencache.benchmarks.Suite virtual
fi
