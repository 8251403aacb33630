# Disclosure Lens: build, package and test.
#
#   make        install what is missing, build the WASM core and both browser packages, then scan the
#               example pages with the CLI (no browser needed)
#   make test   every test: formatting and lints (cargo fmt, clippy, node --check), Rust, WASM in Node,
#               JS units, web-ext lint, end-to-end in Chromium and Firefox
#   make bench  every benchmark (native, WASM, regex peer, size, archive; extraction, navigation and
#               mutation in real browsers) as one table of ratios; not part of make test (docs/performance.md)
#   make fuzz   run each fuzz target for FUZZ_SECONDS (default 60); not part of make test
#               (docs/fuzzing.md)
#
# Tools that are not in the registries as binaries are built once into a per-user cache, keyed by
# version, so repeated runs (and CI on the same machine) skip them.

SHELL := /bin/bash
.DEFAULT_GOAL := all
# A recipe that fails half-way (`> $@` before the command dies) must not leave a target that make then
# takes for done.
.DELETE_ON_ERROR:

TOOLS := $(HOME)/.cache/disclosure-lens/tools
# The wasm-bindgen CLI must be the exact version of the crate in Cargo.lock ("schema version" errors otherwise).
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
WASM_BINDGEN_ROOT := $(TOOLS)/wasm-bindgen-$(WASM_BINDGEN_VERSION)
WASM_BINDGEN := $(WASM_BINDGEN_ROOT)/bin/wasm-bindgen
GECKODRIVER_VERSION := 0.37.1
GECKODRIVER := $(TOOLS)/geckodriver-$(GECKODRIVER_VERSION)/bin/geckodriver
CARGO_FUZZ_VERSION := 0.13.2
CARGO_FUZZ := $(TOOLS)/cargo-fuzz-$(CARGO_FUZZ_VERSION)/bin/cargo-fuzz
FUZZ_SECONDS ?= 60
# wasm-opt from npm's binaryen: Debian's (version 108) produces modules that fail to load.
WASM_OPT := node_modules/.bin/wasm-opt
WASM_FEATURES := --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue

DLENS := target/release/dlens
WASM_RAW := target/wasm32-unknown-unknown/release/disclosure_lens.wasm
PKG := pkg/disclosure_lens.js pkg/disclosure_lens_bg.wasm
# The archive page's own module (extension/archive.html): the core with the export reader's WASM face
# and without the background's exports (cargo features: src/wasm.rs), built in its own target
# directory so that neither build overwrites the other's output; only that page loads it.
ARCHIVE_TARGET := target/archive-page
ARCHIVE_WASM_RAW := $(ARCHIVE_TARGET)/wasm32-unknown-unknown/release/disclosure_lens.wasm
ARCHIVE_PKG := pkg/disclosure_lens_archive.js pkg/disclosure_lens_archive_bg.wasm
# The knowledge base, rules and figures: one file beside both modules, handed to each at load
# (src/data_file.rs); the same file build.rs writes for every build, written out by the CLI.
DATA_FILE := pkg/disclosure_lens_data.bin
EXTENSION_FILES := $(shell find extension -type f)
# Read without node, so that `make clean` runs on a machine without it.
VERSION := $(shell sed -n 's/^  "version": "\(.*\)",\{0,1\}$$/\1/p' package.json)
CHROME_ZIP := dist/disclosure-lens-$(VERSION)-chrome.zip
FIREFOX_XPI := dist/disclosure-lens-$(VERSION)-firefox.xpi
RUST_SOURCES := Cargo.toml Cargo.lock build.rs $(shell find src kb rules -type f)

# The main job runs the CLI on these saved pages.
EXAMPLES := tests/fixtures/pages/facebook/sessions-en.html \
            tests/fixtures/pages/facebook/sessions-es.html \
            tests/fixtures/pages/google/timeline-en.html \
            tests/fixtures/pages/x/access-history-en.html \
            tests/fixtures/pages/unknown/news-facebook-logged-in-en.html

export PATH := $(WASM_BINDGEN_ROOT)/bin:$(dir $(GECKODRIVER)):$(PATH)

.PHONY: all setup wasm packages examples test style test-rust test-wasm test-js lint test-e2e bench fuzz clean figures-check
all: packages examples figures-check

# --- setup ------------------------------------------------------------------------------------------
setup: .stamps/rust-target $(WASM_BINDGEN) node_modules/.installed

.stamps/rust-target:
	rustup target add wasm32-unknown-unknown
	@mkdir -p .stamps && touch $@

# Not `--locked`: tried with 0.2.130, it fails here ("failed to select a version for the requirement
# `webpki-roots = "^1.0.10"` (locked to 1.0.11)"): the CLI's lock file names a release the registry
# mirror does not have. The version of the CLI itself is pinned, which is what the glue depends on.
$(WASM_BINDGEN):
	@test -n "$(WASM_BINDGEN_VERSION)" || { echo "wasm-bindgen is not in Cargo.lock; run cargo generate-lockfile"; exit 1; }
	cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --root $(WASM_BINDGEN_ROOT)

$(GECKODRIVER):
	cargo install geckodriver --version $(GECKODRIVER_VERSION) --root $(TOOLS)/geckodriver-$(GECKODRIVER_VERSION)

$(CARGO_FUZZ):
	cargo install cargo-fuzz --version $(CARGO_FUZZ_VERSION) --locked --root $(TOOLS)/cargo-fuzz-$(CARGO_FUZZ_VERSION)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# --- build ------------------------------------------------------------------------------------------
$(DLENS): $(RUST_SOURCES)
	cargo build --release --bin dlens

$(WASM_RAW): $(RUST_SOURCES) .stamps/rust-target
	cargo build --lib --release --target wasm32-unknown-unknown

# The WASM core alone: pkg/, as the packages ship it.
wasm: $(PKG) $(DATA_FILE)

$(PKG) &: $(WASM_RAW) $(WASM_BINDGEN) node_modules/.installed
	$(WASM_BINDGEN) --target web --out-name disclosure_lens --out-dir pkg $(WASM_RAW)
	# Optimised into a temporary file, then renamed: an interrupted run leaves no half-written module.
	# -O3, not -Oz: classify 4-8% faster for 3,692 B more (docs/performance.md, "wasm-opt's level");
	# the archive page's module below gained nothing from it, so it stays at -Oz.
	$(WASM_OPT) -O3 $(WASM_FEATURES) pkg/disclosure_lens_bg.wasm -o pkg/disclosure_lens_bg.wasm.tmp
	mv pkg/disclosure_lens_bg.wasm.tmp pkg/disclosure_lens_bg.wasm
	@printf 'wasm: %s bytes, %s gzipped\n' $$(wc -c < pkg/disclosure_lens_bg.wasm) $$(gzip -9c pkg/disclosure_lens_bg.wasm | wc -c)

$(ARCHIVE_WASM_RAW): $(RUST_SOURCES) .stamps/rust-target
	cargo build --lib --release --target wasm32-unknown-unknown --no-default-features --features archive-page --target-dir $(ARCHIVE_TARGET)

$(ARCHIVE_PKG) &: $(ARCHIVE_WASM_RAW) $(WASM_BINDGEN) node_modules/.installed
	$(WASM_BINDGEN) --target web --out-name disclosure_lens_archive --out-dir pkg $(ARCHIVE_WASM_RAW)
	$(WASM_OPT) -Oz $(WASM_FEATURES) pkg/disclosure_lens_archive_bg.wasm -o pkg/disclosure_lens_archive_bg.wasm.tmp
	mv pkg/disclosure_lens_archive_bg.wasm.tmp pkg/disclosure_lens_archive_bg.wasm
	@printf 'archive page wasm: %s bytes, %s gzipped\n' $$(wc -c < pkg/disclosure_lens_archive_bg.wasm) $$(gzip -9c pkg/disclosure_lens_archive_bg.wasm | wc -c)

$(DATA_FILE): $(DLENS)
	@mkdir -p pkg
	$(DLENS) data > $@.tmp
	mv $@.tmp $@
	@printf 'data file: %s bytes\n' $$(wc -c < $@)

build/kb.json: $(DLENS)
	@mkdir -p build
	$(DLENS) kb --json > $@

# build/<browser>/: the unpacked extension, loadable as is.
build/%/manifest.json: $(PKG) $(ARCHIVE_PKG) $(DATA_FILE) build/kb.json tools/manifest.mjs package.json $(EXTENSION_FILES)
	rm -rf build/$* && mkdir -p build/$*/pkg
	cp -r extension/. build/$*/
	cp $(PKG) $(ARCHIVE_PKG) $(DATA_FILE) build/$*/pkg/
	node tools/manifest.mjs $* build/kb.json > $@

$(CHROME_ZIP): build/chrome/manifest.json tools/pack.mjs
	@mkdir -p dist
	node tools/pack.mjs build/chrome $@

$(FIREFOX_XPI): build/firefox/manifest.json tools/pack.mjs
	@mkdir -p dist
	node tools/pack.mjs build/firefox $@

packages: $(CHROME_ZIP) $(FIREFOX_XPI)

# Reports stale platforms, platforms without figures and sources without a SHA-256 (docs/figures.md);
# only invalid figures fail.
figures-check: $(DLENS)
	$(DLENS) figures --check

examples: $(DLENS)
	@for page in $(EXAMPLES); do $(DLENS) scan $$page || exit 1; echo; done

# --- tests ------------------------------------------------------------------------------------------
test: style test-rust test-wasm test-js lint test-e2e

# Formatting and lints first: style cannot rot unnoticed. `node --check` parses every script (syntax
# only; web-ext lint below checks the packaged extension).
JS_FILES := $(shell find extension tools tests bench -type f \( -name '*.js' -o -name '*.mjs' \))
# The WASM face (src/wasm.rs) is compiled only for wasm32: clippy sees it only there, once per
# module's features.
style: .stamps/rust-target
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --features archive-page -- -D warnings
	@for file in $(JS_FILES); do node --check $$file || exit 1; done
	@echo "node --check: $(words $(JS_FILES)) scripts parse"

test-rust:
	cargo test

# #[wasm_bindgen_test] tests, run in Node by wasm-bindgen-test-runner (.cargo/config.toml).
test-wasm: .stamps/rust-target $(WASM_BINDGEN)
	cargo test --lib --target wasm32-unknown-unknown --features archive-page

test-js: node_modules/.installed build/kb.json $(ARCHIVE_PKG) $(DATA_FILE) $(DLENS)
	node --test tests/js/

lint: $(FIREFOX_XPI) node_modules/.installed
	node_modules/.bin/web-ext lint --source-dir build/firefox --self-hosted

test-e2e: packages $(GECKODRIVER) node_modules/.installed
	@node --input-type=module -e "import('./tests/e2e/firefox-harness.mjs').then((h) => console.log('firefox:', h.checkFirefoxVersion())).catch((e) => { console.error(e.message); process.exit(1); })"
	node --test --test-concurrency=1 tests/e2e/

# --- benchmarks -------------------------------------------------------------------------------------
# Each part writes target/bench/results/<part>.json (bench-native: target/bench-native.json); bench-table
# prints them all as one table, so a part can be run again alone (docs/performance.md). Not part of make test.
BENCH_PARTS := bench-native bench-peers bench-size bench-extraction bench-navigation bench-navigation-firefox bench-mutation bench-archive
.PHONY: $(BENCH_PARTS) bench-table
bench:
	rm -rf target/bench/results target/bench-native.json
	@$(MAKE) --no-print-directory $(BENCH_PARTS) bench-table

# Native classify against one automaton scan, and with ten times the rules (harness: benches/classify.rs).
bench-native:
	cargo bench --bench classify

# Regex-per-phrase peer and WASM core, conversion share, WASM / native: each peer in its own process.
bench-peers: $(PKG) $(DATA_FILE) $(DLENS) node_modules/.installed
	node bench/peers.mjs

bench-size: $(PKG) $(ARCHIVE_PKG) $(DATA_FILE) node_modules/.installed
	node bench/size.mjs

# extract.js against a TreeWalker in Chromium and Firefox, on generated 5,000/20,000-element pages.
bench-extraction: packages $(GECKODRIVER) node_modules/.installed
	node bench/extraction.mjs

# Navigation -> warning against a floor extension in Chromium, warm and cold worker.
bench-navigation: packages $(DLENS) node_modules/.installed
	node bench/navigation.mjs

# The same in Firefox, warm background (the Firefox end-to-end suite's certificate and prefs).
bench-navigation-firefox: packages $(DLENS) $(GECKODRIVER) node_modules/.installed
	node bench/navigation-firefox.mjs

# What each page mutation costs with the extension against without, measured by the page, both browsers.
bench-mutation: packages $(GECKODRIVER) node_modules/.installed
	node bench/mutation.mjs

bench-table:
	@node bench/table.mjs

# Reading a data export per 100 MB, native against the archive page's WASM build (docs/archive-formats.md).
bench-archive: $(ARCHIVE_PKG) $(DATA_FILE) $(DLENS) node_modules/.installed
	node bench/archive.mjs

# --- fuzzing ----------------------------------------------------------------------------------------
# cargo-fuzz without a sanitizer (`-s none`) builds on stable Rust; libFuzzer needs a C++ compiler.
fuzz: $(CARGO_FUZZ) $(DLENS)
	PATH="$(dir $(CARGO_FUZZ)):$$PATH" FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh

clean:
	rm -rf build dist pkg target/wasm32-unknown-unknown .stamps
