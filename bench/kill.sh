#!/usr/bin/env bash
# SIGKILL at random moments during saves, many times, and count what must
# stay 0: torn sidecars (files that do not parse) and acknowledged
# annotations lost (on disk before a kill, or reported saved, and gone
# after it). Two runs, each KILLS times (default 1000):
#   1. tests/store_processes.rs: a child process saving through the store
#      in a loop, killed with SIGKILL after a random 0-12 ms;
#   2. tests/e2e_kill.rs: the real annotty binary in a pseudo-terminal,
#      highlighting in bursts of 8 (each saved before the next key),
#      killed with SIGKILL at a random moment within the first half of
#      the time a burst takes on this machine (measured first).
# `cargo test` runs the same tests with 250 and 200 kills.
#   KILLS=1000 bench/kill.sh
#   PROFILE=debug KILLS=300 bench/kill.sh   (no release build)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

KILLS="${KILLS:-1000}"
PROFILE="${PROFILE:-release}"
args=()
if [[ "$PROFILE" == release ]]; then
    args+=(--release)
fi

status=0
for spec in "store_processes killed_saves_never_lose_what_was_on_disk" \
    "e2e_kill killed_while_saving_loses_nothing_that_was_on_disk"; do
    read -r test name <<<"$spec"
    echo "== $test: $KILLS kills"
    log="$(mktemp)"
    if ! ANNOTTY_KILLS="$KILLS" cargo test -q "${args[@]}" --test "$test" -- \
        --exact "$name" --nocapture >"$log" 2>&1; then
        status=1
    fi
    # The test's own summary: kills, saves, torn sidecars, lost annotations.
    grep -E "kills (of annotty )?in|round [0-9]+:|panicked" "$log" || {
        echo "no summary; the test's output:" >&2
        cat "$log" >&2
        status=1
    }
    rm -f "$log"
done
exit "$status"
