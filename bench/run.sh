#!/usr/bin/env bash
# Benchmarks annotty against less side by side in a pseudo-terminal.
# See bench/README.md. Environment knobs (all optional):
#   RUNS=5                     runs per pager and file (medians are reported)
#   SIZES=5k,1m,100m,1g,line50m  which generated files to use
#   SCROLL=50                  key presses per scrolling series (0: none)
#   WIDE=200x60                second, scrolling-only run at this size on
#                              WIDE_FILE (default 100m or the first size);
#                              empty: none
#   NOTES=1                    100 000-annotation steps on the 100m article
#                              (when 100m is in SIZES); 0: none
#   EDITED=1                   annotty on a 10 MB article with 10 000
#                              annotations, edited after they were saved
#                              (pager_bench --edited); 0: none
#   COLD=0                     1: evict the files from the page cache before
#                              the first screen and the search, time dd cold
#   TIMEOUT=60                 per-step timeout in seconds
#   PAGERS=annotty,less        which pagers to run (either or both)
#   LESS_BIN=$(command -v less)
#   BENCH_DATA=target/bench-data   where data and results.md go
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS="${RUNS:-5}"
SIZES="${SIZES:-5k,1m,100m,1g,line50m}"
SCROLL="${SCROLL:-50}"
WIDE="${WIDE-200x60}"
NOTES="${NOTES:-1}"
EDITED="${EDITED:-1}"
COLD="${COLD:-0}"
TIMEOUT="${TIMEOUT:-60}"
PAGERS="${PAGERS:-annotty,less}"
LESS_BIN="${LESS_BIN:-$(command -v less || true)}"
TARGET_DIR="$(realpath -m "${CARGO_TARGET_DIR:-target}")"
DATA_DIR="${BENCH_DATA:-target/bench-data}"

build_args=(--release --example gen_articles --example pager_bench)
pager_args=()
case ",$PAGERS," in
*,annotty,*)
    build_args+=(--bin annotty)
    pager_args+=(--annotty "$TARGET_DIR/release/annotty")
    ;;
esac
case ",$PAGERS," in
*,less,*)
    if [[ -z "$LESS_BIN" ]]; then
        echo "bench/run.sh: less not found (set LESS_BIN)" >&2
        exit 1
    fi
    pager_args+=(--less "$LESS_BIN")
    ;;
esac
if [[ ${#pager_args[@]} -eq 0 ]]; then
    echo "bench/run.sh: PAGERS must name annotty and/or less" >&2
    exit 2
fi

names=()
files=()
IFS=',' read -r -a sizes <<<"$SIZES"
for size in "${sizes[@]}"; do
    case "$size" in
    5k) names+=(5k) files+=("$DATA_DIR/para-5k.txt") ;;
    1m) names+=(1m) files+=("$DATA_DIR/para-1m.txt") ;;
    100m) names+=(100m) files+=("$DATA_DIR/para-100m.txt") ;;
    1g) names+=(1g) files+=("$DATA_DIR/para-1g.txt") ;;
    line50m | line-50m) names+=(line50m) files+=("$DATA_DIR/line-50m.txt") ;;
    *)
        echo "bench/run.sh: unknown size '$size' (use 5k, 1m, 100m, 1g, line50m)" >&2
        exit 2
        ;;
    esac
done

bench_args=(--runs "$RUNS" --timeout "$TIMEOUT" --scroll "$SCROLL")
if [[ "$COLD" == 1 ]]; then
    bench_args+=(--cold)
fi
wide_file=""
for i in "${!names[@]}"; do
    if [[ "${names[$i]}" == 100m ]]; then
        wide_file="${files[$i]}"
        if [[ "$NOTES" == 1 && ",$PAGERS," == *,annotty,* ]]; then
            names+=(notes100k)
            bench_args+=(--notes "$DATA_DIR/notes-100m.txt")
        fi
    fi
done
wide_file="${WIDE_FILE:-${wide_file:-${files[0]}}}"
if [[ "$EDITED" == 1 && ",$PAGERS," == *,annotty,* ]]; then
    bench_args+=(--edited)
fi

cargo build "${build_args[@]}"
mkdir -p "$DATA_DIR"
"$TARGET_DIR/release/examples/gen_articles" "$DATA_DIR" "${names[@]}"
"$TARGET_DIR/release/examples/pager_bench" \
    "${bench_args[@]}" "${pager_args[@]}" "${files[@]}" |
    tee "$DATA_DIR/results.md.partial"
if [[ -n "$WIDE" && "$SCROLL" != 0 ]]; then
    echo >>"$DATA_DIR/results.md.partial"
    "$TARGET_DIR/release/examples/pager_bench" --runs "$RUNS" --timeout "$TIMEOUT" \
        --scroll "$SCROLL" --size "$WIDE" --scroll-only "${pager_args[@]}" "$wide_file" |
        tee -a "$DATA_DIR/results.md.partial"
fi
mv "$DATA_DIR/results.md.partial" "$DATA_DIR/results.md"
echo "bench/run.sh: results written to $DATA_DIR/results.md" >&2
