// Creates db.sqlite afresh from the rows that cpi serves (so both servers hold the same rows):
//   node seed.js rows.json      rows.json: a JSON array of objects with the entity's properties
'use strict';
const fs = require('fs');
const cds = require('@sap/cds');

async function main() {
  const rows = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  for (const f of ['db.sqlite', 'db.sqlite-wal', 'db.sqlite-shm']) fs.rmSync(f, { force: true });
  const csn = await cds.load(['db', 'srv']);
  const db = await cds.connect.to('db');
  await cds.deploy(csn).to(db);
  const entity = 'bench.IntegrationDesigntimeArtifacts';
  const columns = Object.keys(csn.definitions[entity].elements);
  const t0 = Date.now();
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000).map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null])));
    await INSERT.into(entity).entries(chunk);
  }
  const [{ n }] = await SELECT.from(entity).columns('count(*) as n');
  console.log(`cap peer: ${n} rows in db.sqlite (${Date.now() - t0} ms)`);
  if (n !== rows.length) throw new Error(`expected ${rows.length} rows, found ${n}`);
  await db.disconnect?.();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
