// Prints a Parquet file as JSON read by hyparquet, an implementation independent of the Parquet.Net writer the
// cluster uses: the row count, the schema tree (physical, converted and logical types, repetition), the key-value
// metadata and every row. Used by the tests as an outside reader: node tools/node/parquet-dump.mjs FILE
import { readFileSync } from "node:fs";
import { parquetMetadata, parquetReadObjects, parquetSchema } from "hyparquet";

const bytes = readFileSync(process.argv[2]);
const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
const metadata = parquetMetadata(file);
const describe = (node) => ({
  name: node.element.name,
  type: node.element.type ?? null,
  converted: node.element.converted_type ?? null,
  logical: node.element.logical_type?.type ?? null,
  repetition: node.element.repetition_type ?? null,
  children: node.children.map(describe),
});
const rows = await parquetReadObjects({ file });
process.stdout.write(JSON.stringify({
  rows: rows.length,
  schema: describe(parquetSchema(metadata)),
  metadata: Object.fromEntries((metadata.key_value_metadata ?? []).map((kv) => [kv.key, kv.value])),
  data: rows,
}, (_, value) => (typeof value === "bigint" ? Number(value) : value)));
