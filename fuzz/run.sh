#!/usr/bin/env bash
# Runs every fuzz target for FUZZ_SECONDS (default 60) and reports, per target: executions,
# coverage (libFuzzer's cov and ft, "features"), and the slowest input of its corpus. Any input
# slower than 100 ms is a bug (docs/fuzzing.md). `make fuzz` runs this with cargo-fuzz on PATH.
#
#   fuzz/run.sh [target...]      default: every target in fuzz/Cargo.toml
set -euo pipefail
cd "$(dirname "$0")"
seconds=${FUZZ_SECONDS:-60}
targets=("$@")
((${#targets[@]} > 0)) || targets=(snapshot_json html snapshot_structured rules knowledge_base compact archive_zip archive_file)
dlens=../target/release/dlens

# Seeds: the real inputs of each kind. The corpora (corpus/, ignored by git) keep growing run by run.
seed() {
  local target=$1 dir=corpus/$1
  mkdir -p "$dir"
  case $target in
    html)
      for page in ../tests/fixtures/pages/*/*.html; do
        cp "$page" "$dir/$(basename "$(dirname "$page")")-$(basename "$page")"
      done ;;
    snapshot_json)
      for page in ../tests/fixtures/pages/*/*.html; do
        "$dlens" snapshot --url https://www.facebook.com/settings "$page" > "$dir/$(basename "$(dirname "$page")")-$(basename "$page" .html).json"
      done ;;
    # The rules as JSON, as `Classifier::new` takes them from outside the build: rules/*.toml, as
    # build.rs puts them together.
    rules) python3 -c 'import json, sys, tomllib
read = lambda name: tomllib.load(open("../rules/" + name + ".toml", "rb"))
pages, settings = read("pages"), read("settings")
json.dump({"kinds": pages["kinds"], "urls": pages["urls"], "sessions": read("sessions"), "settings": settings["settings"]}, open(sys.argv[1] + "/rules.json", "w"))' "$dir" ;;
    # The three parts of the core's data file (src/data_file.rs: magic, then each part's u32 length
    # and raw deflate), inflated.
    compact) "$dlens" data | python3 -c 'import sys, zlib, struct
data, at = sys.stdin.buffer.read(), 8
for name in ("kb", "rules", "figures"):
    (length,) = struct.unpack_from("<I", data, at)
    open(sys.argv[1] + "/" + name + ".compact", "wb").write(zlib.decompress(data[at + 4:at + 4 + length], -15))
    at += 4 + length' "$dir" ;;
    knowledge_base) cp ../kb/platforms/*.toml "$dir"/ ;;
    archive_zip) cp ../tests/fixtures/archives/*.zip "$dir"/ ;;
    # Each file of the fixture exports as "path\ncontent".
    archive_file) python3 -c 'import sys, zipfile, glob, os
for z in glob.glob("../tests/fixtures/archives/*.zip"):
    try: archive = zipfile.ZipFile(z)
    except Exception: continue
    for i, info in enumerate(archive.infolist()):
        if info.file_size > 1 << 20: continue  # the bomb fixture, beyond the caps of the target
        try: body = archive.read(info)
        except Exception: continue
        open(os.path.join(sys.argv[1], os.path.basename(z) + "-" + str(i)), "wb").write(info.filename.encode() + b"\n" + body)' "$dir" ;;
  esac
}

cargo fuzz build -s none
bin=target/x86_64-unknown-linux-gnu/release
printf '%-20s %12s %8s %8s   %s\n' target executions cov ft "slowest input"
for target in "${targets[@]}"; do
  seed "$target"
  log=$(mktemp)
  # Structured inputs are short; without this libFuzzer grows them slowly and stays at tiny pages.
  extra=()
  [[ $target != snapshot_structured ]] || extra=(-max_len=4096 -len_control=0)
  cargo fuzz run -s none "$target" "corpus/$target" -- -max_total_time="$seconds" -print_final_stats=1 \
    -timeout=10 -rss_limit_mb=4096 "${extra[@]}" > "$log" 2>&1 || { tail -40 "$log"; echo "$target: a crash, saved in fuzz/artifacts/$target/"; exit 1; }
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  # libFuzzer given files runs each once and prints "Executed <file> in <N> ms".
  slowest=$(find "corpus/$target" -type f -print0 | xargs -0 -n 500 "$bin/$target" 2>&1 \
    | sed -n 's/^Executed \(.*\) in \([0-9]*\) ms$/\2 ms \1/p' | sort -n | tail -1)
  printf '%-20s %12s %8s %8s   %s\n' "$target" "$runs" "$(cut -d' ' -f2 <<<"$cov")" "$(cut -d' ' -f4 <<<"$cov")" "$slowest"
  rm -f "$log"
done
