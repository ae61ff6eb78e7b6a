// Files in the layout Spark writes, for the fixtures (scripts/make-spark-fixtures.mjs)
// and the node tests that break them on purpose. Spark cannot run here: this
// follows what Spark 3.5's ALSModel.save and DataFrame writers produce.
//
// - factorParquet(rows): one part of userFactors/itemFactors: Spark's schema
//   (message spark_schema { required int32 id; optional group features (LIST)
//   { repeated group list { required float element; } } }), its row metadata
//   and version in the key-value metadata, one row group, PLAIN values in
//   snappy-compressed data pages of format version 1 (parquet-mr's default
//   writer), levels RLE-encoded (BIT_PACKED declared where there are none).
// - factorJsonLines(rows): the rows as DataFrame.write.json writes them, floats
//   spelled as Java's Float.toString does ("0.12345679", "1.0E-4").
// - hadoopCrc(bytes): the ".NAME.crc" file Hadoop's local file system writes
//   beside each file: "crc\0", 512 bytes per checksum, CRC-32 of each chunk.
import { ByteWriter } from 'hyparquet-writer';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { writeRleBitPackedHybrid } from 'hyparquet-writer/src/encoding.js';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';

export const SPARK_VERSION = '3.5.1';

// Spark's schema of (Int, Array[Float]) as its Parquet writer records it.
const ROW_METADATA = JSON.stringify({
  type: 'struct',
  fields: [
    { name: 'id', type: 'integer', nullable: false, metadata: {} },
    { name: 'features', type: { type: 'array', elementType: 'float', containsNull: false }, nullable: true, metadata: {} },
  ],
});

const SCHEMA = [
  { name: 'spark_schema', num_children: 2 },
  { name: 'id', type: 'INT32', repetition_type: 'REQUIRED' },
  { name: 'features', repetition_type: 'OPTIONAL', num_children: 1, converted_type: 'LIST', logical_type: { type: 'LIST' } },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', type: 'FLOAT', repetition_type: 'REQUIRED' },
];

// One data page (format 1): header, then the snappy-compressed body.
function writePage(writer, body, numValues, levelEncoding) {
  const compressed = snappyCompress(body);
  const start = writer.offset;
  writePageHeader(writer, {
    type: 'DATA_PAGE', uncompressed_page_size: body.length, compressed_page_size: compressed.length,
    data_page_header: { num_values: numValues, encoding: 'PLAIN', definition_level_encoding: levelEncoding, repetition_level_encoding: levelEncoding },
  });
  const header = writer.offset - start;
  writer.appendBytes(compressed);
  return { start, uncompressed: header + body.length, compressed: header + compressed.length };
}

// Levels with their 4-byte length, as a format-1 page holds them.
function levels(values, bitWidth) {
  const w = new ByteWriter();
  writeRleBitPackedHybrid(w, values, bitWidth);
  const out = new ByteWriter();
  out.appendUint32(w.offset);
  out.appendBytes(w.getBytes());
  return out.getBytes();
}

function chunkMeta(type, path, encodings, numValues, page) {
  return {
    file_offset: BigInt(page.start),
    meta_data: {
      type, encodings, path_in_schema: path, codec: 'SNAPPY', num_values: BigInt(numValues),
      total_uncompressed_size: BigInt(page.uncompressed), total_compressed_size: BigInt(page.compressed),
      data_page_offset: BigInt(page.start),
    },
  };
}

/**
 * rows: [{ id, features }] (features: numbers, null for a null array).
 * options.types overrides the schema's leaf types (tests: a double column),
 * options.codec the codec name written (tests: an unsupported one), options.numRows
 * the row count the footer claims (tests: one too large to hold).
 */
export function factorParquet(rows, options = {}) {
  const writer = new ByteWriter();
  writer.appendBytes(new TextEncoder().encode('PAR1'));
  const ids = new ByteWriter();
  for (const r of rows) ids.appendInt32(r.id);
  const idPage = writePage(writer, ids.getBytes(), rows.length, 'BIT_PACKED');

  // features: definition 2 for an element, 0 for a null array, 1 for an empty one;
  // repetition 0 at a row's first element, 1 after.
  const def = [], rep = [], values = new ByteWriter();
  for (const r of rows) {
    if (r.features === null) {
      def.push(0);
      rep.push(0);
      continue;
    }
    if (r.features.length === 0) {
      def.push(1);
      rep.push(0);
    }
    r.features.forEach((v, k) => {
      def.push(2);
      rep.push(k === 0 ? 0 : 1);
      values.appendFloat32(v);
    });
  }
  const body = new Uint8Array([...levels(rep, 1), ...levels(def, 2), ...values.getBytes()]);
  const featurePage = writePage(writer, body, def.length, 'RLE');

  const schema = structuredClone(SCHEMA);
  Object.assign(schema[4], options.types?.element ?? {});
  Object.assign(schema[1], options.types?.id ?? {});
  const columns = [
    chunkMeta(schema[1].type, ['id'], ['BIT_PACKED', 'PLAIN'], rows.length, idPage),
    chunkMeta(schema[4].type, ['features', 'list', 'element'], ['RLE', 'PLAIN'], def.length, featurePage),
  ];
  if (options.codec) for (const c of columns) c.meta_data.codec = options.codec;
  const size = columns.reduce((n, c) => n + c.meta_data.total_compressed_size, 0n);
  writeMetadata(writer, {
    version: 1,
    schema,
    num_rows: BigInt(options.numRows ?? rows.length),
    row_groups: [{ columns, total_byte_size: size, num_rows: BigInt(rows.length) }],
    key_value_metadata: [
      { key: 'org.apache.spark.version', value: SPARK_VERSION },
      { key: 'org.apache.spark.sql.parquet.row.metadata', value: ROW_METADATA },
    ],
    created_by: 'mfcf scripts/spark-layout.mjs (Spark 3.5 layout; not written by parquet-mr)',
  });
  writer.appendBytes(new TextEncoder().encode('PAR1'));
  return writer.getBytes();
}

/** A float as Java's Float.toString spells it: the shortest digits that read back, "1.0", "1.0E-4". */
export function javaFloat(v) {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  let p = 1;
  while (Math.fround(Number(v.toPrecision(p))) !== v) p++;
  const [mantissa, e] = v.toExponential(p - 1).split('e');
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace(/[-.]/g, '');
  const exponent = Number(e);
  if (exponent < -3 || exponent >= 7) return `${sign}${digits[0]}.${digits.slice(1) || '0'}E${exponent}`;
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  return `${sign}${whole}.${digits.slice(exponent + 1) || '0'}`;
}

/** rows: [{ id, features }] as write.json writes them, one object per line. */
export const factorJsonLines = (rows) =>
  rows.map((r) => `{"id":${r.id}${r.features === null ? '' : `,"features":[${r.features.map(javaFloat).join(',')}]`}}\n`).join('');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The checksum file Hadoop's local file system writes beside `bytes`. */
export function hadoopCrc(bytes) {
  const chunks = Math.ceil(bytes.length / 512);
  const out = new DataView(new ArrayBuffer(8 + 4 * chunks));
  [0x63, 0x72, 0x63, 0].forEach((b, k) => out.setUint8(k, b));
  out.setInt32(4, 512);
  for (let k = 0; k < chunks; k++) out.setUint32(8 + 4 * k, crc32(bytes.subarray(512 * k, 512 * (k + 1))));
  return new Uint8Array(out.buffer);
}

/** The metadata line of an ALSModel that Spark 3.5 saved (ALS's defaults, the columns named as MovieLens). */
export function alsMetadata(rank, { uid = 'als_5d3f9e2a7c41', timestamp = 1718000000000 } = {}) {
  return JSON.stringify({
    class: 'org.apache.spark.ml.recommendation.ALSModel', timestamp, sparkVersion: SPARK_VERSION, uid,
    paramMap: { blockSize: 4096, itemCol: 'movieId', userCol: 'userId', coldStartStrategy: 'drop' },
    defaultParamMap: { blockSize: 4096, itemCol: 'item', predictionCol: 'prediction', userCol: 'user', coldStartStrategy: 'nan' },
    rank,
  }) + '\n';
}

/**
 * The files of one DataFrame write: `parts` (bytes each) as part-0000k-<uuid>-c000<suffix>,
 * an empty _SUCCESS, and a .crc beside each. Returns { name: bytes }.
 */
export function partFiles(parts, uuid, suffix) {
  const files = {};
  parts.forEach((bytes, k) => {
    files[`part-${String(k).padStart(5, '0')}-${uuid}-c000${suffix}`] = bytes;
  });
  files._SUCCESS = new Uint8Array(0);
  for (const [name, bytes] of Object.entries(files)) files[`.${name}.crc`] = hadoopCrc(bytes);
  return files;
}

/** Rows split as Spark's ALS leaves them: block id % blocks per part, ids ascending within it. */
export function byBlock(rows, blocks = 10) {
  const parts = Array.from({ length: blocks }, () => []);
  for (const r of [...rows].sort((a, b) => a.id - b.id)) parts[((r.id % blocks) + blocks) % blocks].push(r);
  return parts.filter((p) => p.length);
}
