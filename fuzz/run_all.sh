#!/usr/bin/env bash
# Runs every libFuzzer target one after another for SECONDS each (default 240) and prints a
# line per target: executions, coverage (cov and ft from libFuzzer's last status line) and
# findings (crash, leak, timeout and out-of-memory inputs saved).
#
#   CC=clang meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined \
#       -Db_lundef=false -Dc_args=-fno-sanitize-recover=all \
#       -Dc_link_args=-fno-sanitize-recover=all
#   ninja -C build-fuzz
#   fuzz/run_all.sh [-b BUILD] [-o OUT] [SECONDS [TARGET...]]
#
# It first brings BUILD up to date (ninja), so a run never fuzzes a stale binary.  One fuzzer at
# a time, one job, niced: the machine is shared.  The corpus each run grows is
# kept in OUT/corpus/TARGET (the checked-in fuzz/corpus/TARGET seeds it and is not written);
# what a target finds is saved in OUT/findings/TARGET and its log in OUT/TARGET.log.  Copy a
# finding into fuzz/crashers/TARGET/ once it is fixed: the fuzz-replay tests replay it.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$here/../build-fuzz"
out=""
while getopts "b:o:" opt; do
    case "$opt" in
    b) build="$OPTARG" ;;
    o) out="$OPTARG" ;;
    *) echo "usage: $0 [-b BUILD] [-o OUT] [SECONDS [TARGET...]]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
secs="${1:-240}"
[ $# -gt 0 ] && shift
out="${out:-$build/fuzz-out}"
mkdir -p "$out"
build="$(cd "$build" && pwd)" out="$(cd "$out" && pwd)"
# fuzz what the sources say now, not what was last built
if [ -f "$build/build.ninja" ]; then
    ninja -C "$build" >"$out/build.log" 2>&1 || { echo "ninja -C $build failed: see $out/build.log" >&2; exit 2; }
fi
if [ $# -gt 0 ]; then
    targets=("$@")
else
    targets=()
    for f in "$here"/fuzz_*.c; do
        t="$(basename "$f" .c)"
        t="${t#fuzz_}"
        [ -x "$build/fuzz/fuzz_$t" ] && targets+=("$t")
    done
fi
[ ${#targets[@]} -gt 0 ] || { echo "no fuzz targets in $build/fuzz (build with -Dfuzz=true)" >&2; exit 2; }
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
printf '%-10s %7s %12s %7s %7s %7s %s\n' target seconds execs cov ft corpus findings
total_found=0
for t in "${targets[@]}"; do
    mkdir -p "$out/corpus/$t" "$out/findings/$t"
    log="$out/$t.log"
    start=$(date +%s)
    # in OUT: with -jobs, libFuzzer writes the job's log (fuzz-0.log) to the working folder
    (cd "$out" && nice -n 19 "$build/fuzz/fuzz_$t" -max_total_time="$secs" -jobs=1 -workers=1 \
        -rss_limit_mb=2048 -max_len=65536 -timeout=10 -close_fd_mask=2 -print_final_stats=1 \
        -artifact_prefix="$out/findings/$t/" "$out/corpus/$t" "$here/corpus/$t" >"$log" 2>&1)
    took=$(($(date +%s) - start))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    found=$(find "$out/findings/$t" -type f | wc -l)
    total_found=$((total_found + found))
    printf '%-10s %7s %12s %7s %7s %7s %s\n' "$t" "$took" "${execs:-?}" "${cov:-?}" "${ft:-?}" \
        "$(find "$out/corpus/$t" -type f | wc -l)" "$found"
done
echo "findings: $total_found (in $out/findings)"
[ "$total_found" -eq 0 ]
