#!/usr/bin/env bash
# Builds the benchmarks jar and runs the short suite: hit path, put and mix, stampede, memory, meter scrape,
# Redis tier. Arguments choose sections (hit put stampede memory scrape redis); none runs all.
# For anything else, run JMH directly: java -jar benchmarks/target/benchmarks.jar -h
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl benchmarks -am package -DskipTests
# JOL needs these to size records and to use the JVM's own object sizes.
exec java -Djdk.attach.allowAttachSelf=true -Djol.magicFieldOffset=true \
	-cp benchmarks/target/benchmarks.jar io.tokencache.benchmarks.Suite "$@"
