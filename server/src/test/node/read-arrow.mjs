// Prints every row of an Arrow IPC file as JSON lines, read by the JavaScript Arrow library.
// Timestamps are printed as their stored integer (nanoseconds), not as the millisecond numbers
// the library's row view gives, so the test can check them exactly.
// Usage: node read-arrow.mjs FILE
import { readFileSync } from "node:fs";
import { tableFromIPC, Type } from "apache-arrow";

const table = tableFromIPC(readFileSync(process.argv[2]));
console.log(JSON.stringify({ schema: table.schema.fields.map((f) => `${f.name}:${f.type}`), rows: table.numRows }));

function rawTimestamps(column) {
  const out = [];
  for (const chunk of column.data) {
    for (let i = 0; i < chunk.length; i++) {
      out.push(chunk.getValid(i) ? chunk.values[chunk.offset + i].toString() : null);
    }
  }
  return out;
}

const timestamps = {};
for (const field of table.schema.fields) {
  if (field.type.typeId === Type.Timestamp) {
    timestamps[field.name] = rawTimestamps(table.getChild(field.name));
  }
}
let index = 0;
for (const row of table) {
  const out = {};
  for (const field of table.schema.fields) {
    const value = field.name in timestamps ? timestamps[field.name][index] : row[field.name];
    out[field.name] = typeof value === "bigint" ? value.toString() : value;
  }
  console.log(JSON.stringify(out));
  index++;
}
