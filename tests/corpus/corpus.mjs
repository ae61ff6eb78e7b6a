// Reads tests/corpus/manifest.json and builds each entry's bytes, exactly as
// tests/native/test_corpus.cpp does: a committed file, a generated text
// ("generate": [[text, times], ...]) or a committed model changed as "derive"
// says (truncate, append, flip a bit, patch bytes, then optionally fix the CRC).
import { readFileSync } from 'node:fs';

const dir = new URL('./', import.meta.url);

export function loadManifest() {
  return JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8'));
}

export const sourceName = (e) => e.file ?? e.name;

const crcTable = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE), as the model format uses. */
export function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const hex = (h) => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
const at = (offset, size) => (offset < 0 ? size + offset : offset);

/** The entry's input as a Uint8Array. */
export function materialize(e) {
  if (e.file) return new Uint8Array(readFileSync(new URL(e.file, dir)));
  if (e.generate) {
    const text = e.generate.map(([s, n]) => s.repeat(n)).join('');
    return new TextEncoder().encode(text);
  }
  const d = e.derive;
  let b = new Uint8Array(readFileSync(new URL(d.from, dir)));
  if (d.truncate !== undefined) b = b.slice(0, d.truncate);
  if (d.append) {
    const extra = hex(d.append);
    const grown = new Uint8Array(b.length + extra.length);
    grown.set(b);
    grown.set(extra, b.length);
    b = grown;
  }
  if (d.flip) b[at(d.flip[0], b.length)] ^= 1 << d.flip[1];
  for (const [offset, bytes] of d.patch ?? []) b.set(hex(bytes), at(offset, b.length));
  if (d.fixCrc) new DataView(b.buffer, b.byteOffset).setUint32(b.length - 4, crc32(b.subarray(0, b.length - 4)), true);
  return b;
}
