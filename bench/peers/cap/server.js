// CAP peer for bench/odata.sh. Run in a directory holding this project and its node_modules:
//   PORT=4004 NODE_ENV=production node server.js
// Serves OData V4 natively (/odata/v4/cpi/...) and OData V2 through
// @cap-js-community/odata-v2-adapter (/odata/v2/cpi/...), which proxies each V2 request to the
// V4 service over loopback HTTP. Listens on 127.0.0.1 only. Auth is CAP's `dummy` (no checks).
'use strict';
const cds = require('@sap/cds');
const cov2ap = require('@cap-js-community/odata-v2-adapter');

const port = Number(process.env.PORT || 4004);

cds.on('bootstrap', (app) => {
  // cds.server calls app.listen(port), which would bind every interface: keep it on loopback.
  const listen = app.listen.bind(app);
  app.listen = (p, ...rest) => listen(p, '127.0.0.1', ...rest);
  // Routes are bound now (not on cds' `listening` event, which only the cds-serve CLI emits).
  app.use(cov2ap({ target: `http://127.0.0.1:${port}`, registerOnListening: false }));
});

cds
  .server({ from: ['db', 'srv'], port })
  .then((server) => {
    server.on('listening', () => console.log(`cap peer: cds ${cds.version} listening on http://127.0.0.1:${port}`));
    server.on('error', (e) => {
      console.error(e);
      process.exit(1);
    });
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
