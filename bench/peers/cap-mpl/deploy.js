// Creates an empty db.sqlite with the schema (the rows are bulk-loaded afterwards by
// bench/lib/mpl_export.py straight from cpi's SQLite file):
//   NODE_ENV=production node deploy.js
// Prints the table's name and its columns as one JSON line.
'use strict';
const fs = require('fs');
const cds = require('@sap/cds');

async function main() {
  for (const f of ['db.sqlite', 'db.sqlite-wal', 'db.sqlite-shm']) fs.rmSync(f, { force: true });
  const csn = await cds.load(['db', 'srv']);
  const db = await cds.connect.to('db');
  await cds.deploy(csn).to(db);
  const entity = 'bench.MessageProcessingLogs';
  const table = entity.replace(/\./g, '_');
  const columns = Object.keys(csn.definitions[entity].elements);
  console.log(JSON.stringify({ table, columns }));
  await db.disconnect?.();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
