#!/usr/bin/env bash
# Spine benchmark: MQTT sighting -> hub -> WebSocket play at every screen of the zone.
# Builds the hub (install) and the bench (package) without tests, then runs
# org.vitrine.bench.SpineBench with the given options (--help lists them).
#   bench/spine-bench.sh --screens 1000 --rate 500 --duration 30
# Env: SKIP_BUILD=1 reuses the jars already built; BENCH_JAVA_OPTS sets the bench client's JVM options.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  echo "[spine-bench] building hub and bench (tests skipped)" >&2
  mvn -B -q -pl signage-web,voice,hub -am -DskipTests install
  mvn -B -q -pl bench -DskipTests package
fi
# The client shares the machine with the hub: small heap, serial GC (no parallel GC threads).
exec java ${BENCH_JAVA_OPTS:--Xms256m -Xmx768m -XX:+UseSerialGC} -Dvitrine.root="$ROOT" \
  -jar "$ROOT/bench/target/vitrine-bench.jar" "$@"
