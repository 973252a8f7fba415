#!/bin/sh
# Fuzz annotty with cargo-fuzz (libFuzzer, nightly toolchain).
#
#   fuzz/run.sh [render|markdown|sidecar|app|html|epub|all] [SECONDS]     (default: all 60)
#
# For each target: runs it for SECONDS of wall-clock time on its corpus
# (fuzz/corpus/TARGET, plus the hand-written fuzz/seeds/TARGET), copies any
# crash, timeout or out-of-memory input to fuzz/regressions/TARGET/ (which
# `cargo test --test fuzz_replay` replays), then minimises the corpus with
# `cargo fuzz cmin`. libFuzzer stops at the first crash; fix it and run
# again. Set CARGO_TARGET_DIR to build elsewhere than fuzz/target, and
# FUZZ_JOBS to run targets of `all` concurrently (default 1: one by one),
# and FUZZ_ARGS to pass more libFuzzer options (e.g. -len_control=0 to try
# long inputs at once rather than growing them slowly).
# The log of each run is fuzz/logs/TARGET.log (not committed).
set -eu
cd "$(dirname "$0")"
mkdir -p logs
which=${1:-all}
seconds=${2:-60}
case $which in
    all) targets="render markdown sidecar app html epub" ;;
    render | markdown | sidecar | app | html | epub) targets=$which ;;
    *) echo "usage: fuzz/run.sh [render|markdown|sidecar|app|html|epub|all] [SECONDS]" >&2; exit 2 ;;
esac

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal

# annotty has no unsafe code of its own, so AddressSanitizer buys little
# and costs half the speed: build without it (and with debug assertions).
FUZZ_FLAGS="--sanitizer=none --debug-assertions"

# Longest input per target: articles need room, event scripts and sidecars less.
max_len() {
    case $1 in
        render | markdown | html) echo 8192 ;;
        epub) echo 16384 ;;
        sidecar) echo 4096 ;;
        app) echo 1024 ;;
    esac
}

# Largest corpus input kept after minimising, in bytes.
keep_max() {
    case $1 in
        render) echo 2048 ;;
        markdown) echo 1536 ;;
        *) echo 1024 ;;
    esac
}

fuzz_one() {
    t=$1
    mkdir -p "corpus/$t" "regressions/$t" "artifacts/$t" logs
    cargo +nightly fuzz build $FUZZ_FLAGS "$t"
    status=0
    cargo +nightly fuzz run $FUZZ_FLAGS "$t" "corpus/$t" "seeds/$t" -- \
        -max_total_time="$seconds" -max_len="$(max_len "$t")" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 ${FUZZ_ARGS:-} >"logs/$t.log" 2>&1 || status=$?
    found=0
    for f in artifacts/"$t"/crash-* artifacts/"$t"/timeout-* artifacts/"$t"/oom-* \
        artifacts/"$t"/slow-unit-* artifacts/"$t"/leak-*; do
        [ -f "$f" ] || continue
        cp "$f" "regressions/$t/"
        found=$((found + 1))
    done
    grep -E '^(Done|stat::|#[0-9]+ +DONE)' "logs/$t.log" || true
    echo "$t: exit $status, $found new input(s) in fuzz/regressions/$t"
    # Keep the corpus small: only inputs that add coverage.
    cargo +nightly fuzz cmin $FUZZ_FLAGS "$t" "corpus/$t" -- -max_len="$(max_len "$t")" \
        >"logs/$t.cmin.log" 2>&1 || echo "$t: cmin failed, see fuzz/logs/$t.cmin.log"
    # Drop the largest inputs so the committed corpus stays small (< 2 MB
    # for all targets): they mostly repeat what smaller ones already cover.
    find "corpus/$t" -type f -size +"$(keep_max "$t")"c -delete
    echo "$t: corpus $(ls "corpus/$t" | wc -l) files, $(du -sk --apparent-size "corpus/$t" | cut -f1) KiB"
}

jobs=${FUZZ_JOBS:-1}
if [ "$jobs" -gt 1 ]; then
    for t in $targets; do cargo +nightly fuzz build $FUZZ_FLAGS "$t"; done
    for t in $targets; do fuzz_one "$t" >"logs/$t.summary" 2>&1 & done
    wait
    for t in $targets; do cat "logs/$t.summary"; done
else
    for t in $targets; do fuzz_one "$t"; done
fi
