// Kora's local CouchDB-protocol server for development and CI.
//
// PouchDB 9 on LevelDB behind express-pouchdb. It stands in for Apache CouchDB 3, which Debian 12
// does not package. Where it differs from CouchDB 3, see docs/couchdb.md; Kora codes to CouchDB 3.
//
// Environment:
//   KORA_COUCH_HOST   address to listen on (default 127.0.0.1)
//   KORA_COUCH_PORT   port (default 5984)
//   KORA_COUCH_DIR    data folder (default ./var/couchdb)
//   KORA_COUCH_ADMIN  "name:password" of the server admin (required)
//   KORA_COUCH_MAX_BODY_BYTES  largest request body accepted (default 64 MiB)
//   KORA_COUCH_TEST_CRASH_ROUTES=1  adds /_kora_test/crash* (tests of the crash handler only)
'use strict';

const fs = require('fs');
const path = require('path');
const express = require('express');
const PouchDB = require('pouchdb-node');
const { AsyncLocalStorage } = require('async_hooks');
const guards = require('./guards');
const designCache = require('./design-cache');

function fail(message) {
  process.stderr.write(`local-couchdb: ${message}\n`);
  process.exit(2);
}

const host = process.env.KORA_COUCH_HOST || '127.0.0.1';
const port = Number(process.env.KORA_COUCH_PORT || 5984);
const dir = path.resolve(process.env.KORA_COUCH_DIR || './var/couchdb');
const admin = process.env.KORA_COUCH_ADMIN || '';
const sep = admin.indexOf(':');
if (sep < 1 || sep === admin.length - 1) fail('KORA_COUCH_ADMIN must be "name:password"');
if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`KORA_COUCH_PORT is not a port: ${process.env.KORA_COUCH_PORT}`);
const adminName = admin.slice(0, sep);
const adminPassword = admin.slice(sep + 1);

fs.mkdirSync(dir, { recursive: true });
const configPath = path.join(dir, 'config.json');
let config = {};
if (fs.existsSync(configPath)) {
  try { config = JSON.parse(fs.readFileSync(configPath, 'utf8')); } catch (e) { config = {}; }
}
// A plain-text admin password is hashed by express-pouchdb at start-up, as CouchDB does with local.ini.
config.admins = { [adminName]: adminPassword };
config.log = Object.assign({}, config.log, { level: 'warning' });
// The JSON body limit also for bodies sent without Content-Length (chunked); see guards.js.
config.couchdb = Object.assign({}, config.couchdb,
  { max_document_size: String(Number(process.env.KORA_COUCH_MAX_BODY_BYTES || 64 * 1024 * 1024)) });
fs.writeFileSync(configPath, JSON.stringify(config, null, 2));

const DB = PouchDB.defaults({ prefix: dir + path.sep });
const app = express();
app.disable('x-powered-by');
// Each request runs in its own async context, so an error that escapes it can still be answered.
const requestContext = new AsyncLocalStorage();
app.use((req, res, next) => requestContext.run({ req, res }, next));
guards.install(app, { adminName, adminPassword, port });
if (process.env.KORA_COUCH_TEST_CRASH_ROUTES === '1') {
  // Only for tests/local_couchdb: requests whose handlers throw outside any promise or callback guard.
  app.get('/_kora_test/crash', () => setImmediate(() => { throw new Error('test crash'); }));
  app.get('/_kora_test/crash-mid-body', (req, res) => {
    res.status(200).type('application/json');
    res.write('{"partial":');
    setImmediate(() => { throw new Error('test crash mid-body'); });
  });
}
const pouchApp = require('express-pouchdb')(DB, {
  mode: 'fullCouchDB',
  configPath,
  logPath: path.join(dir, 'log.txt'),
});
// Registered after express-pouchdb's own wrappers, so validation finds the cached design docs.
pouchApp.dbWrapper.registerWrapper((name, db, next) => { designCache.install(db); next(); });
app.use(pouchApp);
guards.installErrorHandler(app);

// One bad request must never take the server down: log what escaped, answer (or close) the
// request it came from so that its client is not left waiting, and keep serving.
function answerCrashedRequest() {
  const store = requestContext.getStore();
  if (!store) return;
  const { res } = store;
  if (res.writableEnded) return;
  if (!res.headersSent) {
    guards.sendError(res, 500, 'internal_server_error', 'the local server failed on this request; see its log');
  } else {
    res.destroy();
  }
}
process.on('uncaughtException', (err) => {
  process.stderr.write(`local-couchdb: uncaught error (server keeps running): ${err && err.stack}\n`);
  answerCrashedRequest();
});
process.on('unhandledRejection', (err) => {
  process.stderr.write(`local-couchdb: unhandled rejection (server keeps running): ${err && err.stack}\n`);
  answerCrashedRequest();
});

const server = app.listen(port, host, () => {
  process.stdout.write(`local-couchdb: listening on http://${host}:${port}/ with data in ${dir}\n`);
});
server.on('error', (err) => {
  if (err.code === 'EADDRINUSE') fail(`port ${port} on ${host} is already in use; stop what uses it or choose another port`);
  fail(err.message);
});
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => server.close(() => process.exit(0)) && setTimeout(() => process.exit(0), 2000).unref());
}
