// The packer makes the same bytes from the same tree, with every file in it.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import { zip } from '../../tools/pack.mjs';

/** Reads the entries of a zip through its central directory. */
function entries(buffer) {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const out = {};
  for (let i = 0; i < count; i++) {
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.subarray(at + 46, at + 46 + nameLength).toString();
    const dataStart = local + 30 + buffer.readUInt16LE(local + 26);
    out[name] = inflateRawSync(buffer.subarray(dataStart, dataStart + size)).toString();
    at += 46 + nameLength;
  }
  return out;
}

test('packs every file, nested, byte for byte, deterministically', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dlens-pack-'));
  mkdirSync(join(dir, 'pkg'));
  writeFileSync(join(dir, 'manifest.json'), '{"name":"x"}');
  writeFileSync(join(dir, 'pkg', 'a.js'), 'export const ñ = "ü";'.repeat(50));
  const first = zip(dir);
  assert.deepEqual(first, zip(dir));
  assert.deepEqual(entries(first), { 'manifest.json': '{"name":"x"}', 'pkg/a.js': 'export const ñ = "ü";'.repeat(50) });
});
