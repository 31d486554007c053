#!/usr/bin/env bash
# Builds the same corpus with Hugo and with this generator, alternating runs
# into fresh output folders, and prints the median wall time, CPU time and
# peak memory of each, and the ratios. Run by hand from the repository root:
#
#   generator/corpus/compare-hugo.sh [corpus ...]
#
# A corpus is a site folder (holding content/, and layouts/ or else this
# repository's layouts are used), or a number of pages N, which stands for
# two generated corpora of N pages: "sections" (ten sections of ten topics,
# plus 42 organisation pages) and "guide+folders" (this guide with the
# pages added in folders of 100). Default: 1000 10000.
#
# Hugo gets the same content with layouts that draw the same navigation
# (generator/corpus/hugo). Needs GNU time (/usr/bin/time, Debian package
# "time"). Hugo is installed from the Go module proxy into a temporary
# folder, never into the project (or set HUGO_BIN to a hugo binary).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
HUGO_VERSION=${HUGO_VERSION:-v0.152.2}
RUNS=${RUNS:-3}
if [ $# -eq 0 ]; then set -- 1000 10000; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "Installing Hugo $HUGO_VERSION into a temporary folder..." >&2
mkdir -p "$work/bin"
if [ -n "${HUGO_BIN:-}" ]; then cp "$HUGO_BIN" "$work/bin/hugo"; else GOBIN="$work/bin" CGO_ENABLED=0 go install "github.com/gohugoio/hugo@$HUGO_VERSION" >&2; fi
go build -o "$work/bin/ours" ./generator
go build -o "$work/bin/gen" ./generator/corpus/gen

measure() { # label, then the command; prints: label wall cpu peakMB
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >/dev/null 2>"$work/err.txt" || { cat "$work/err.txt" >&2; exit 1; }
  read -r wall user sys rss < "$work/time.txt"
  awk -v l="$label" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN { printf "%s %.2f %.2f %.0f\n", l, w, u + s, r / 1024 }'
}

# compare name site: prints the table rows for one corpus.
compare() {
  local name=$1 site=$2 hugosite="$work/hugo-site" results="$work/results"
  [ -d "$site/layouts" ] || cp -r "$repo/layouts" "$site/layouts"
  rm -rf "$hugosite"; mkdir -p "$hugosite"
  cp -r "$site/content" "$hugosite/content"
  cp -r generator/corpus/hugo/. "$hugosite/"
  title=$(sed -n 's/^title: *//p' "$site/content/site.yaml" | head -1 | tr -d '"')
  echo "title = \"${title:-Guide}\"" >> "$hugosite/hugo.toml"
  pages=$(find "$site/content" -name '*.md' | wc -l)
  : > "$results"
  for _ in $(seq "$RUNS"); do
    rm -rf "$work/out-hugo" "$work/out-ours"
    measure hugo "$work/bin/hugo" --quiet --source "$hugosite" --destination "$work/out-hugo" >> "$results"
    measure ours "$work/bin/ours" build --source "$site" --out "$work/out-ours" >> "$results"
  done
  for g in hugo ours; do
    grep "^$g " "$results" | sort -k2 -n | awk -v c="$name" -v n="$pages" -v g="$g" '{w[NR]=$2; u[NR]=$3; m[NR]=$4} END { i=int((NR+1)/2); printf "%s %d %s %.2f %.2f %.0f\n", c, n, g, w[i], u[i], m[i] }'
  done > "$work/medians"
  awk '{ printf "| %s | %s | %s | %.2f | %.2f | %.0f |\n", $1, $2, ($3=="ours" ? "this generator" : "Hugo"), $4, $5, $6; w[$3]=$4; c[$3]=$5; m[$3]=$6 }
    END { printf "| | | ours ÷ Hugo | %.2f× | %.2f× | %.2f× |\n", w["ours"]/w["hugo"], c["ours"]/c["hugo"], m["ours"]/m["hugo"] }' "$work/medians"
}

echo "| corpus | .md files | generator | wall s (median) | CPU s | peak MB |"
echo "| --- | ---: | --- | ---: | ---: | ---: |"
for c in "$@"; do
  if [ -d "$c" ]; then
    compare "$(basename "$c")" "$c"
    continue
  fi
  rm -rf "$work/sections" "$work/mixed"
  "$work/bin/gen" -pages "$c" -orgs 42 -out "$work/sections"
  compare "sections-$c" "$work/sections"
  "$work/bin/gen" -pages "$c" -orgs 0 -folder-size 100 -guide content -out "$work/mixed"
  compare "guide+folders-$c" "$work/mixed"
done
echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(go version | cut -d' ' -f3-), Hugo $HUGO_VERSION"
