#!/usr/bin/env bash
# Usage: bench/table.sh [RESULTS_DIR]   (default bench/.out)
# Rebuilds results.tsv and results.md of a run from its vals/ and meta.tsv, and prints the Markdown table:
# medians with min–max (or n when they are equal), and the ratio jmon/pm2 of the medians when both ran.
set -u
BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
OUT_DIR="${1:-${BENCH_OUT:-$BENCH_DIR/.out}}"
[ -s "$OUT_DIR/meta.tsv" ] || { echo "no results in $OUT_DIR" >&2; exit 1; }

stats() {
  sort -g | awk '{ v[NR] = $1 }
    END {
      if (NR == 0) { print "NA NA NA 0"; exit }
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%.6g %.6g %.6g %d\n", m, v[1], v[NR], NR
    }'
}

managers=()
for m in jmon pm2; do ls "$OUT_DIR"/vals/*/*/"$m" >/dev/null 2>&1 && managers+=("$m"); done

# one row per scenario/metric, in the order they were first recorded
awk -F'\t' '!seen[$1 FS $2]++' "$OUT_DIR/meta.tsv" > "$OUT_DIR/meta.dedup"
: > "$OUT_DIR/results.tsv"
while IFS=$'\t' read -r sc metric unit _; do
  for m in "${managers[@]}"; do
    f="$OUT_DIR/vals/$sc/$metric/$m"
    [ -s "$f" ] || continue
    printf '%s\t%s\t%s\t%s\t%s\n' "$sc" "$metric" "$unit" "$m" "$(stats < "$f" | tr ' ' '\t')" >> "$OUT_DIR/results.tsv"
  done
done < "$OUT_DIR/meta.dedup"

{
  printf '| scenario | metric | unit |'; for m in "${managers[@]}"; do printf ' %s median (min–max) |' "$m"; done
  [ ${#managers[@]} = 2 ] && printf ' %s/%s |' "${managers[0]}" "${managers[1]}"
  echo
  printf '|---|---|---|'; for m in "${managers[@]}"; do printf -- '---|'; done; [ ${#managers[@]} = 2 ] && printf -- '---|'
  echo
  awk -F'\t' -v managers="${managers[*]}" '
    function g(x) { return sprintf("%.4g", x) }
    BEGIN { nm = split(managers, M, " ") }
    FNR == NR { key = $1 SUBSEP $2; med[key, $4] = $5
                cell[key, $4] = ($6 == $7) ? g($5) " (n=" $8 ")" : g($5) " (" g($6) "–" g($7) ")"; next }
    {
      key = $1 SUBSEP $2
      line = "| " $1 " | " $2 " | " $3 " |"
      for (i = 1; i <= nm; i++) line = line " " (((key, M[i]) in cell) ? cell[key, M[i]] : "—") " |"
      if (nm == 2) {
        r = "—"
        if (((key, M[1]) in med) && ((key, M[2]) in med) && med[key, M[2]] + 0 != 0) r = sprintf("%.2f", med[key, M[1]] / med[key, M[2]])
        line = line " " r " |"
      }
      print line
    }' "$OUT_DIR/results.tsv" "$OUT_DIR/meta.dedup"
} > "$OUT_DIR/results.md"
rm -f "$OUT_DIR/meta.dedup"
cat "$OUT_DIR/results.md"
