#!/usr/bin/env bash
# Builds the same generated corpus with Hugo and with this generator,
# alternating runs into fresh output folders, and prints wall time, CPU
# time and peak memory for each, and the ratios. Run by hand from the
# repository root:  generator/corpus/compare-hugo.sh [pages ...]
# Needs GNU time (/usr/bin/time, Debian package "time"). Hugo is installed
# from the Go module proxy into a temporary folder, never into the project
# (or set HUGO_BIN to a hugo binary to use instead).
set -euo pipefail
cd "$(dirname "$0")/../.."
HUGO_VERSION=${HUGO_VERSION:-v0.165.0}
RUNS=${RUNS:-3}
SIZES=("${@:-1000 10000}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "Installing Hugo $HUGO_VERSION into a temporary folder..." >&2
mkdir -p "$work/bin"; if [ -n "${HUGO_BIN:-}" ]; then cp "$HUGO_BIN" "$work/bin/hugo"; else GOBIN="$work/bin" CGO_ENABLED=0 go install "github.com/gohugoio/hugo@$HUGO_VERSION" >&2; fi
go build -o "$work/bin/ours" ./generator

measure() { # label, then the command; prints label wall cpu peakMB
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/err.txt" || { cat "$work/err.txt" >&2; exit 1; }
  read -r wall user sys rss < "$work/time.txt"
  awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN { printf "%s %.2f %.2f %.0f\n", l, w, u + s, r / 1024 }'
}

echo "| pages | generator | wall s (median) | CPU s | peak MB |"
echo "| ---: | --- | ---: | ---: | ---: |"
for n in ${SIZES[@]}; do
  site="$work/site-$n"
  go run ./generator/corpus/gen -pages "$n" -orgs 42 -out "$site" >&2
  cp -r layouts "$site/layouts"
  hugosite="$work/hugo-$n"
  mkdir -p "$hugosite"
  cp -r "$site/content" "$hugosite/content"
  rm -f "$hugosite/content/site.yaml"
  cp -r generator/corpus/hugo/. "$hugosite/"
  echo 'title = "Corpus guide"' >> "$hugosite/hugo.toml"
  : > "$work/results-$n"
  for run in $(seq "$RUNS"); do
    rm -rf "$work/out-hugo" "$work/out-ours"
    measure hugo "$work/bin/hugo" --quiet --source "$hugosite" --destination "$work/out-hugo" >> "$work/results-$n"
    measure ours "$work/bin/ours" build --source "$site" --out "$work/out-ours" >> "$work/results-$n"
  done
  for g in hugo ours; do
    grep "^$g " "$work/results-$n" | sort -k2 -n | awk -v n="$n" -v g="$g" '{w[NR]=$2; c[NR]=$3; m[NR]=$4} END { i=int((NR+1)/2); printf "| %d | %s | %.2f | %.2f | %.0f |\n", n, g, w[i], c[i], m[i] }'
  done | tee "$work/table-$n"
  awk '{print $8, $10}' FS='|' "$work/table-$n" >/dev/null
  h=$(grep "| hugo |" "$work/table-$n" | awk -F'|' '{print $4, $6}')
  o=$(grep "| ours |" "$work/table-$n" | awk -F'|' '{print $4, $6}')
  read -r hw hm <<<"$h"; read -r ow om <<<"$o"
  awk -v n="$n" -v hw="$hw" -v ow="$ow" -v hm="$hm" -v om="$om" 'BEGIN { printf "|  | ours ÷ hugo | %.2f× | | %.2f× |\n", ow / hw, om / hm }'
done
echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(go version | cut -d' ' -f3-), Hugo $HUGO_VERSION"
