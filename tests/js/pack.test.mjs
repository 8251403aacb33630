// The packer makes the same bytes from the same files, whatever order they were written in and
// whatever their dates, with every file in it, sorted by name.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import { zip } from '../../tools/pack.mjs';

/** Reads the entries of a zip through its central directory, in the directory's order. */
function entries(buffer) {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const out = [];
  for (let i = 0; i < count; i++) {
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.subarray(at + 46, at + 46 + nameLength).toString();
    const dataStart = local + 30 + buffer.readUInt16LE(local + 26);
    out.push([name, inflateRawSync(buffer.subarray(dataStart, dataStart + size)).toString()]);
    at += 46 + nameLength;
  }
  return out;
}

const FILES = {
  'manifest.json': '{"name":"x"}',
  'pkg/a.js': 'export const ñ = "ü";'.repeat(50),
  'pkg/b.js': 'export const b = 2;',
  'z.html': '<!doctype html>',
  'a.css': 'p{}',
  // Sorts before pkg/ by full path ('.' < '/'), after it in a walk of sorted directory listings.
  'pkg.txt': 'beside the folder',
};

/** A fresh directory holding FILES, written in `order`, each dated `date(index)`. */
function tree(order, date) {
  const dir = mkdtempSync(join(tmpdir(), 'dlens-pack-'));
  mkdirSync(join(dir, 'pkg'));
  order.forEach((name, index) => {
    writeFileSync(join(dir, name), FILES[name]);
    utimesSync(join(dir, name), date(index), date(index));
  });
  return dir;
}

test('the same files give the same bytes, whatever their order on disk and their dates', () => {
  const names = Object.keys(FILES);
  const first = zip(tree(names, (i) => new Date(Date.UTC(2001, 0, 1 + i))));
  const second = zip(tree([...names].reverse(), (i) => new Date(Date.UTC(2024, 5, 30 - i, 13, 7))));
  assert.ok(first.equals(second), 'two trees with the same files packed differently');
});

test('packs every file, nested, byte for byte, sorted by name', () => {
  const names = Object.keys(FILES);
  const packed = entries(zip(tree([...names].reverse(), () => new Date())));
  assert.deepEqual(packed, Object.entries(FILES).sort(([a], [b]) => (a < b ? -1 : 1)));
});
