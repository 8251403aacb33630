// Where the .wasm's bytes go (issue 10, target 5), for each of the two modules: the background's
// (pkg/disclosure_lens_bg.wasm) and the data-export page's (pkg/disclosure_lens_archive_bg.wasm).
//
// - The shipped module as `make` builds it (wasm-bindgen, then wasm-opt -Oz), raw and gzip -9.
// - Its sections, read from the binary (id and size of each).
// - The data file beside the modules (pkg/disclosure_lens_data.bin, src/data_file.rs): the knowledge
//   base, the rules and the figures in the deflated compact form (src/compact.rs); each part's bytes
//   are searched for in the shipped module (they must not be there too), with the size they inflate to.
// - Code by crate, the background's module in full and the page's by crate: the same wasm-bindgen
//   output optimised by the same wasm-opt -Oz, with -g so that
//   function names stay (the shipped build drops them); each function body is counted under the
//   first crate path in its name (`serde_json::…`, `<serde_json::de::… as …>` -> serde_json). Its
//   code section is compared with the shipped one's, to show the names changed nothing else.
//
//   node bench/size.mjs [N]   (needs wasm-bindgen on PATH, as make sets it, and node_modules;
//                             N: how many of the largest functions to list, 15 by default)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, inflateRawSync } from 'node:zlib';
import { path, progress, writeResults } from './lib.mjs';

const LARGEST = Number(process.argv[2] ?? 15);
const SHIPPED = path('pkg/disclosure_lens_bg.wasm');
const RAW = path('target/wasm32-unknown-unknown/release/disclosure_lens.wasm');
const ARCHIVE_SHIPPED = path('pkg/disclosure_lens_archive_bg.wasm');
const ARCHIVE_RAW = path('target/archive-page/wasm32-unknown-unknown/release/disclosure_lens.wasm');
const WASM_OPT = path('node_modules/.bin/wasm-opt');
// The Makefile's WASM_FEATURES.
const FEATURES = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];
const SECTION_NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'data count', 'tag'];

/** A reader of the binary format's unsigned LEB128 numbers and names. */
function reader(bytes, offset = 0) {
  return {
    get offset() {
      return offset;
    },
    skip(n) {
      offset += n;
    },
    u8: () => bytes[offset++],
    u32() {
      let result = 0;
      let shift = 0;
      for (;;) {
        const byte = bytes[offset++];
        result += (byte & 0x7f) * 2 ** shift;
        if (byte < 0x80) return result;
        shift += 7;
      }
    },
    name() {
      const length = this.u32();
      const s = bytes.subarray(offset, offset + length).toString('utf8');
      offset += length;
      return s;
    },
  };
}

/** The sections of a module: `{ id, name, start, size }` (custom sections by their own name). */
function sections(bytes) {
  const r = reader(bytes, 8);
  const list = [];
  while (r.offset < bytes.length) {
    const id = r.u8();
    const size = r.u32();
    const start = r.offset;
    const name = id === 0 ? `custom "${reader(bytes, start).name()}"` : SECTION_NAMES[id];
    list.push({ id, name, start, size });
    r.skip(size);
  }
  return list;
}

/** Bytes of code per crate, from the function names of a module that kept them. */
function codeByCrate(bytes) {
  const all = sections(bytes);
  const imports = all.find((s) => s.id === 2);
  let importedFunctions = 0;
  if (imports) {
    const r = reader(bytes, imports.start);
    for (let n = r.u32(); n > 0; n--) {
      r.name();
      r.name();
      const kind = r.u8();
      if (kind === 0) {
        importedFunctions++;
        r.u32();
      } else if (kind === 1) {
        r.u8();
        const flags = r.u8();
        r.u32();
        if (flags & 1) r.u32();
      } else if (kind === 2) {
        const flags = r.u8();
        r.u32();
        if (flags & 1) r.u32();
      } else if (kind === 3) {
        r.u8();
        r.u8();
      } else throw new Error(`import kind ${kind}`);
    }
  }
  const names = new Map();
  const nameSection = all.find((s) => s.name === 'custom "name"');
  if (!nameSection) throw new Error('the module has no name section');
  const r = reader(bytes, nameSection.start);
  r.name();
  while (r.offset < nameSection.start + nameSection.size) {
    const kind = r.u8();
    const size = r.u32();
    const end = r.offset + size;
    if (kind === 1) for (let n = r.u32(); n > 0; n--) names.set(r.u32(), r.name());
    r.skip(end - r.offset);
  }
  const code = all.find((s) => s.id === 10);
  const c = reader(bytes, code.start);
  const byCrate = new Map();
  const byArea = new Map();
  const functions = [];
  for (let i = 0, n = c.u32(); i < n; i++) {
    const size = c.u32();
    const name = names.get(importedFunctions + i) ?? '';
    const crate = /([A-Za-z_][A-Za-z0-9_]*)::/.exec(name)?.[1] ?? '(unnamed or no crate path)';
    byCrate.set(crate, (byCrate.get(crate) ?? 0) + size);
    const area = AREAS.find(([, pattern]) => pattern.test(name))?.[0] ?? 'the rest (iterators, collections, closures, std)';
    byArea.set(area, (byArea.get(area) ?? 0) + size);
    functions.push([name.replace(/::h[0-9a-f]{16}$/, ''), size]);
    c.skip(size);
  }
  const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]);
  return { codeSection: code.size, byCrate: sorted(byCrate), byArea: sorted(byArea), largest: functions.sort((a, b) => b[1] - a[1]).slice(0, LARGEST) };
}

// What the code is for, by function name, first match wins. Generic code is named after where it
// was written, so serde_json's `deserialize_seq` with a model type's visitor inlined into it counts
// as "reading JSON", not as the model's.
const AREAS = [
  ['reading JSON: serde_json deserialize_* (one per visited type)', /serde_json::de::Deserializer<R> as serde_core::de::Deserializer>::deserialize/],
  ['reading JSON: the rest of serde_json::de', /serde_json::de/],
  ['Deserialize impls (derived visitors, serde_core)', /impl serde_core::de::Deserialize for|__Visitor|__FieldVisitor|serde_core::de/],
  ['writing answers: Serialize impls, serializers', /Serialize|serde_json::ser|serde_wasm_bindgen::ser/],
  ['float formatting and parsing', /flt2dec|<f64 as|<f32 as|dec2flt|bignum/],
  ['the phrase automaton (src/classify/automaton.rs; aho_corasick before)', /disclosure_lens::classify::automaton|aho_corasick/],
  ['miniz_oxide (inflating the embedded data)', /miniz_oxide/],
  ['reading the embedded data (compact form)', /disclosure_lens::compact|disclosure_lens::embedded/],
  ['disclosure_lens::classify::figure + figures', /disclosure_lens::(classify::figure|figures)/],
  ['disclosure_lens::classify::findings', /disclosure_lens::classify::findings/],
  ['disclosure_lens::classify (the rest)', /disclosure_lens::classify/],
  ['disclosure_lens (the rest)', /disclosure_lens/],
  ['sorting (one copy per element type and order)', /sort::|sort4|smallsort|bulk_build_from_sorted/],
  ['wasm-bindgen glue (holds the inlined exports)', /wasm_bindgen|externref/],
  ['formatting (core::fmt)', /fmt/],
  ['allocator (dlmalloc)', /dlmalloc|__rdl_|__rust_alloc/],
];

const DATA_FILE = path('pkg/disclosure_lens_data.bin');
const PARTS = ['knowledge base', 'rules', 'figures'];

/** The data file's parts (src/data_file.rs: an 8-byte magic, then each part's u32 length and bytes). */
function dataFileParts(file) {
  let at = 8;
  return PARTS.map((part) => {
    const length = file.readUInt32LE(at);
    const bytes = file.subarray(at + 4, at + 4 + length);
    at += 4 + length;
    return { part, bytes };
  });
}

const shipped = readFileSync(SHIPPED);
const shippedSections = sections(shipped);
const data = shippedSections.find((s) => s.id === 11);
const dataFile = readFileSync(DATA_FILE);
// Each part is searched for in the module: it must be in the data file only, not in the module too.
const parts = dataFileParts(dataFile).map(({ part, bytes }) => ({ part, bytes: bytes.length, inflated: inflateRawSync(bytes).length, inModule: shipped.indexOf(bytes) >= 0 }));

/** `raw` (cargo's output) through wasm-bindgen and wasm-opt -Oz as `make` does, but with -g: its code by name. */
function namedCode(raw) {
  const tmp = mkdtempSync(join(tmpdir(), 'dlens-bench-size-'));
  try {
    execFileSync('wasm-bindgen', ['--target', 'web', '--out-name', 'named', '--out-dir', tmp, raw], { stdio: 'inherit' });
    execFileSync(WASM_OPT, ['-Oz', '-g', ...FEATURES, join(tmp, 'named_bg.wasm'), '-o', join(tmp, 'named.wasm')], { stdio: 'inherit' });
    return codeByCrate(readFileSync(join(tmp, 'named.wasm')));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const named = namedCode(RAW);
const archive = readFileSync(ARCHIVE_SHIPPED);
const archiveSections = sections(archive);
const archiveNamed = namedCode(ARCHIVE_RAW);
const shippedCode = shippedSections.find((s) => s.id === 10).size;
const crate = (name) => named.byCrate.find(([c]) => c === name)?.[1] ?? 0;
const rows = [
  { target: '5', what: '.wasm after wasm-opt -Oz (pkg/disclosure_lens_bg.wasm)', value: shipped.length, unit: 'B', note: `gzip -9: ${gzipSync(shipped, { level: 9 }).length} B` },
  { target: '5', what: 'code section / data section', value: shippedCode, value2: data.size, unit: 'B', note: `sections over 1 kB: ${shippedSections.filter((s) => s.size > 1000).map((s) => `${s.name} ${s.size}`).join(', ')}` },
  { target: '5', what: 'the data file beside both modules (pkg/disclosure_lens_data.bin)', value: dataFile.length, unit: 'B', note: `the background loads module and file: ${shipped.length + dataFile.length} B in all` },
  ...parts.map((p) => ({ target: '5', what: `  its ${p.part}, deflated`, value: p.bytes, unit: 'B', note: `${p.inflated} B inflated; ${p.inModule ? 'ALSO found verbatim in the module' : 'not in the module'}` })),
  { target: '5', what: 'code of serde_json functions', value: crate('serde_json'), unit: 'B', note: `by function name in a -g build whose code section is ${named.codeSection} B (shipped ${shippedCode} B)` },
  { target: '5', what: 'code of miniz_oxide functions (inflating the embedded data)', value: crate('miniz_oxide'), unit: 'B', note: 'as above' },
  { target: '5', what: ".wasm of the data-export page after wasm-opt -Oz (pkg/disclosure_lens_archive_bg.wasm)", value: archive.length, unit: 'B', note: `gzip -9: ${gzipSync(archive, { level: 9 }).length} B` },
  { target: '5', what: '  its code section / data section', value: archiveSections.find((s) => s.id === 10).size, value2: archiveSections.find((s) => s.id === 11).size, unit: 'B', note: `code by crate (-g build): ${archiveNamed.byCrate.slice(0, 8).map(([c, b]) => `${c} ${b}`).join(', ')}` },
];
progress(rows.map((r) => `${r.what}: ${r.value}${r.value2 ? ` / ${r.value2}` : ''} ${r.unit} (${r.note})`).join('\n# '));
progress('code by crate (-g build):', named.byCrate.slice(0, 12).map(([c, b]) => `${c} ${b}`).join(', '));
progress(`code by what it is for (-g build):\n#   ${named.byArea.map(([a, b]) => `${b}\t${a}`).join('\n#   ')}`);
progress(`largest functions (-g build):\n#   ${named.largest.map(([f, b]) => `${b}\t${f.slice(0, 110)}`).join('\n#   ')}`);
progress(`the data-export page's largest functions (-g build):\n#   ${archiveNamed.largest.map(([f, b]) => `${b}\t${f.slice(0, 110)}`).join('\n#   ')}`);
writeResults('size', {
  rows,
  method: 'sections read from the binary; the data file\'s parts searched for verbatim in the module; code by crate and by what it is for from function names of the same build optimised with -g',
  extra: {
    code_by_crate: Object.fromEntries(named.byCrate),
    code_by_area: Object.fromEntries(named.byArea),
    largest_functions: named.largest,
    archive_page: { code_by_crate: Object.fromEntries(archiveNamed.byCrate), code_by_area: Object.fromEntries(archiveNamed.byArea), largest_functions: archiveNamed.largest },
  },
});
