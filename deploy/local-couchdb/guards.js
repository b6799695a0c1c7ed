// Requests that express-pouchdb mishandles are answered here first, the way CouchDB 3 answers
// them, so that they can neither crash the server nor behave more loosely than production.
// docs/couchdb.md lists each difference and what Kora does about it.
'use strict';

const http = require('http');

// CouchDB 3's max_http_request_size is 4 GiB; nothing Kora sends comes near 64 MiB, and a body
// that large is a mistake worth refusing before it is buffered in memory.
const MAX_BODY_BYTES = Number(process.env.KORA_COUCH_MAX_BODY_BYTES || 64 * 1024 * 1024);
// Server-wide endpoints anyone may call (CouchDB 3 makes the rest admin-only).
const PUBLIC_SERVER_PATHS = new Set(['/', '/_up', '/_session', '/_uuids', '/favicon.ico']);
const DOC_ID_FORBIDDEN_PREFIX = /^_(?!design\/|local\/)/;

function sendError(res, status, error, reason) {
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  res.status(status).type('application/json').send(JSON.stringify({ error, reason }) + '\n');
}

function basicCredentials(req) {
  const header = req.headers.authorization || '';
  if (!header.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const sep = decoded.indexOf(':');
  if (sep < 0) return { name: decoded, password: '' };
  return { name: decoded.slice(0, sep), password: decoded.slice(sep + 1) };
}

// A database itself: /name or /name/ (a '/' inside a name comes percent-encoded as %2F).
const DB_PATH = /^\/([a-z][^/]*?)\/?$/;
const DB_PREFIX = /^\/([^/_][^/]*)(\/.*)?$/;

function safeDecode(text) {
  try { return decodeURIComponent(text); } catch (e) { return null; }
}

// A GET on this server itself with admin credentials, answering the parsed JSON or null.
// (_security lives in a _local document; opening the db directly would create a missing one.)
function internalGetJson(port, path, auth) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, auth, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => {
        if (res.statusCode !== 200) return resolve(null);
        try { resolve(JSON.parse(body)); } catch (e) { resolve(null); }
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

// A PUT of a JSON body on this server itself with admin credentials; resolves to the status code.
function internalPutJson(port, path, auth, body) {
  return new Promise((resolve) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = http.request({ host: '127.0.0.1', port, path, auth, method: 'PUT', timeout: 5000,
                               headers: { 'Content-Type': 'application/json', 'Content-Length': data.length } },
    (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end(data);
  });
}

// CouchDB 3's default_security = admin_only: a new database's _security names only admins.
const NEW_DB_SECURITY = { members: { names: [], roles: ['_admin'] }, admins: { names: [], roles: ['_admin'] } };

// The whole body of a request parsed as JSON (null when it is not JSON or over 16 MiB).
function readJsonBody(req, done) {
  const chunks = [];
  let size = 0;
  req.on('data', (c) => { size += c.length; if (size <= 16 * 1024 * 1024) chunks.push(c); });
  req.on('end', () => {
    if (size > 16 * 1024 * 1024) return done(null);
    try { done(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')); } catch (e) { done(null); }
  });
  req.on('error', () => done(null));
}

const BOOKMARK_PREFIX = 'kora-local-';

function encodeBookmark(offset) {
  return BOOKMARK_PREFIX + Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function decodeBookmark(bookmark) {
  if (typeof bookmark !== 'string' || !bookmark.startsWith(BOOKMARK_PREFIX)) return null;
  try {
    const { offset } = JSON.parse(Buffer.from(bookmark.slice(BOOKMARK_PREFIX.length), 'base64url').toString('utf8'));
    return Number.isInteger(offset) && offset >= 0 ? offset : null;
  } catch (e) { return null; }
}

function hasMembers(group) {
  return Boolean(group && ((Array.isArray(group.names) && group.names.length) ||
                           (Array.isArray(group.roles) && group.roles.length)));
}

function install(app, { adminName, adminPassword, port }) {
  const credentialsOf = (req) => basicCredentials(req);
  const isAdmin = (req) => {
    const c = credentialsOf(req);
    return c !== null && c.name === adminName && c.password === adminPassword;
  };
  const adminAuth = `${adminName}:${adminPassword}`;

  // Wrong credentials are refused outright, as CouchDB 3 does, rather than treated as anonymous.
  app.use((req, res, next) => {
    const c = credentialsOf(req);
    if (c !== null && !isAdmin(req)) {
      return sendError(res, 401, 'unauthorized', 'Name or password is incorrect.');
    }
    next();
  });

  // Huge bodies are refused before anything buffers them.
  app.use((req, res, next) => {
    const length = Number(req.headers['content-length'] || 0);
    if (length > MAX_BODY_BYTES) {
      res.set('Connection', 'close');
      return sendError(res, 413, 'too_large', `the request entity is too large (over ${MAX_BODY_BYTES} bytes)`);
    }
    next();
  });

  // CouchDB 3 reads a JSON body whatever its Content-Type says; express-pouchdb silently drops a
  // body sent as, say, application/x-www-form-urlencoded (curl -d) and stores an empty document.
  // Attachments (/db/doc/name) keep their own type; multipart bodies are left alone.
  app.use((req, res, next) => {
    if (req.method !== 'PUT' && req.method !== 'POST') return next();
    const type = String(req.headers['content-type'] || '');
    if (/^application\/json\b/i.test(type) || /^multipart\//i.test(type)) return next();
    const segments = req.path.split('/').filter(Boolean);
    const special = segments[1] === '_design' || segments[1] === '_local';
    const isAttachment = segments.length > (special ? 3 : 2);
    if (segments.length >= 1 && !isAttachment && !(req.path.startsWith('/_') && segments[0] === '_session')) {
      req.headers['content-type'] = 'application/json';
    }
    next();
  });

  // CouchDB 3: only a server admin creates or deletes a database. express-pouchdb crashes on a
  // non-admin PUT /db, so the check is made before it sees the request.
  app.use((req, res, next) => {
    const m = DB_PATH.exec(req.path);
    if (m && (req.method === 'PUT' || req.method === 'DELETE') && !isAdmin(req)) {
      return sendError(res, 401, 'unauthorized', 'You are not a server admin.');
    }
    if (m && req.method === 'PUT') {
      // Answered only once the new database is admin-only, so no request can see it open.
      const send = res.send.bind(res);
      res.send = (payload) => {
        if (res.statusCode !== 201) return send(payload);
        internalPutJson(port, `/${encodeURIComponent(safeDecode(m[1]) || m[1])}/_security`, adminAuth, NEW_DB_SECURITY)
          .then((status) => (status === 200 ? send(payload)
            : sendError(res, 500, 'internal_server_error', 'the new database could not be made admin-only')));
        return res;
      };
    }
    next();
  });

  // CouchDB 3: server-wide endpoints other than /, /_up, /_session and /_uuids are admin-only.
  app.use((req, res, next) => {
    if (req.path.startsWith('/_') && !PUBLIC_SERVER_PATHS.has(req.path) && !isAdmin(req)) {
      return sendError(res, 401, 'unauthorized', 'You are not a server admin.');
    }
    next();
  });

  // CouchDB 3's health check, which express-pouchdb lacks.
  app.get('/_up', (req, res) => res.type('application/json').send('{"status":"ok","seeds":{}}\n'));

  // PouchDB has no purge; refuse clearly instead of express-pouchdb's misleading answer.
  app.post(/^\/[^/]+\/_purge\/?$/, (req, res) => sendError(res, 501, 'not_implemented',
    'the local server has no _purge (CouchDB 3 has); Kora does not purge'));

  // Document ids starting with "_" are reserved (CouchDB 3 answers 400 bad_request).
  app.use((req, res, next) => {
    const m = DB_PREFIX.exec(req.path);
    if (m && m[2] && (req.method === 'PUT' || req.method === 'GET' || req.method === 'DELETE')) {
      const docId = safeDecode(m[2].slice(1));
      if (docId === null) return sendError(res, 400, 'bad_request', 'The path is not valid percent-encoding.');
      const special = /^_(changes|all_docs|bulk_docs|bulk_get|find|index|explain|security|revs_diff|revs_limit|compact|view_cleanup|ensure_full_commit|local_docs|design_docs|purge|missing_revs)(\/|$)/;
      if (req.method === 'PUT' && DOC_ID_FORBIDDEN_PREFIX.test(docId) && !special.test(docId)) {
        return sendError(res, 400, 'bad_request', 'Only reserved document ids may start with underscore.');
      }
    }
    next();
  });

  // _security members/admins are enforced for anyone who is not the server admin: with members
  // set, anonymous requests get 401 (CouchDB 3 answers 401 to anonymous, 403 to a signed-in
  // non-member; this server knows no other users). Design documents and _security itself need a
  // database admin whatever the members are.
  app.use((req, res, next) => {
    if (isAdmin(req)) return next();
    const m = DB_PREFIX.exec(req.path);
    if (!m) return next();
    const db = safeDecode(m[1]);
    if (db === null) return sendError(res, 400, 'bad_request', 'The path is not valid percent-encoding.');
    const rest = m[2] || '';
    const writesAdminOnly = req.method !== 'GET' && req.method !== 'HEAD' &&
      (/^\/_design\//.test(rest) || /^\/_security\/?$/.test(rest) || /^\/_(compact|view_cleanup|purge|revs_limit)/.test(rest));
    if (writesAdminOnly) {
      return sendError(res, 401, 'unauthorized', 'You are not a db or server admin.');
    }
    internalGetJson(port, `/${encodeURIComponent(db)}/_security`, adminAuth).then((security) => {
      if (security && (hasMembers(security.members) || hasMembers(security.admins))) {
        return sendError(res, 401, 'unauthorized', 'You are not authorized to access this db.');
      }
      next();
    }, next);
  });

  // Mango bookmarks, which pouchdb-find lacks: the bookmark is an opaque string holding the offset
  // of the next page, and every answer carries one, as CouchDB 3's does.
  app.post(/^\/[^/]+\/_find\/?$/, (req, res, next) => {
    readJsonBody(req, (body) => {
      if (!body || typeof body !== 'object' || Array.isArray(body)) {
        return sendError(res, 400, 'bad_request', 'invalid_json');
      }
      let offset = Number.isInteger(body.skip) && body.skip > 0 ? body.skip : 0;
      if (body.bookmark !== undefined && body.bookmark !== null && body.bookmark !== 'nil') {
        const decoded = decodeBookmark(body.bookmark);
        if (decoded === null) return sendError(res, 400, 'invalid_bookmark', `Invalid bookmark value: ${JSON.stringify(body.bookmark)}`);
        offset = decoded;
      }
      delete body.bookmark;
      if (offset > 0) body.skip = offset;
      req.body = body;
      req._body = true; // body-parser: already parsed
      const send = res.send.bind(res);
      res.send = (payload) => {
        if (res.statusCode === 200) {
          try {
            const answer = JSON.parse(Buffer.isBuffer(payload) ? payload.toString('utf8') : String(payload));
            if (Array.isArray(answer.docs)) {
              answer.bookmark = encodeBookmark(offset + answer.docs.length);
              return send(Buffer.from(JSON.stringify(answer) + '\n', 'utf8'));
            }
          } catch (e) { /* not JSON: passed on as it is */ }
        }
        return send(payload);
      };
      next();
    });
  });

  // _changes: checked and, where express-pouchdb would misbehave, handled like CouchDB 3.
  app.use((req, res, next) => {
    const m = /^\/[^/]+\/_changes\/?$/.exec(req.path);
    if (!m) return next();
    const feed = req.query.feed || 'normal';
    if (!['normal', 'longpoll', 'continuous', 'eventsource'].includes(feed)) {
      return sendError(res, 400, 'bad_request', `Supported \`feed\` types: normal, continuous, live, longpoll, eventsource`);
    }
    const filter = req.query.filter;
    if (filter !== undefined) {
      if (filter === '_view') {
        // PouchDB evaluates map functions with eval; the local server does not run them.
        return sendError(res, 400, 'bad_request', 'filter=_view is not supported by the local server; Kora does not use it');
      } else if (filter === '_selector' || filter === '_doc_ids') {
        // handled by PouchDB from the body (selector / doc_ids); see below
      } else if (/^[^/]+\/[^/]+$/.test(filter)) {
        // CouchDB 3 runs JavaScript filter functions; the local server refuses rather than eval.
        return sendError(res, 400, 'bad_request', 'filter functions (ddoc/name) are not supported by the local server; use filter=_selector or _doc_ids');
      } else {
        return sendError(res, 400, 'bad_request', 'filter parameter must be of the form `designname/filtername`');
      }
    }
    if (filter === '_doc_ids' && req.method === 'GET' && req.query.doc_ids !== undefined) {
      let ids;
      try { ids = JSON.parse(req.query.doc_ids); } catch (e) { ids = null; }
      if (!Array.isArray(ids)) return sendError(res, 400, 'bad_request', '`doc_ids` must be a JSON array');
    }
    if (req.method === 'POST' && (filter === '_doc_ids' || filter === '_selector')) {
      // express-pouchdb only reads doc_ids from the body; the selector is passed on here.
      readJsonBody(req, (body) => {
        if (!body || typeof body !== 'object' || Array.isArray(body)) {
          return sendError(res, 400, 'bad_request', 'invalid_json');
        }
        if (filter === '_doc_ids' && !Array.isArray(body.doc_ids)) {
          return sendError(res, 400, 'bad_request', '`doc_ids` filter parameter is not a list of doc ids.');
        }
        if (filter === '_selector' && (!body.selector || typeof body.selector !== 'object' || Array.isArray(body.selector))) {
          return sendError(res, 400, 'bad_request', 'Selector must be specified in POST payload');
        }
        req.body = body;
        req._body = true; // body-parser: already parsed
        if (filter === '_selector') req.query.selector = body.selector;
        next();
      });
      return undefined;
    }
    if (filter === '_selector' && req.method === 'GET') {
      return sendError(res, 400, 'bad_request', 'Selector must be specified in POST payload');
    }
    if (feed === 'continuous' || feed === 'eventsource' || feed === 'longpoll') {
      // The compression middleware would hold each line back until its buffer fills.
      delete req.headers['accept-encoding'];
      res.set('Cache-Control', 'no-cache');
    }
    if (feed === 'eventsource') {
      return sendError(res, 400, 'bad_request', 'feed=eventsource is not supported by the local server; Kora uses normal, longpoll and continuous');
    }
    if (feed === 'longpoll') {
      // express-pouchdb ignores `timeout`: end an empty longpoll ourselves when it runs out.
      const timeout = Math.max(0, Math.min(Number(req.query.timeout || 60000) || 60000, 60000));
      const dbPath = req.path.replace(/\/_changes\/?$/, '');
      const timer = setTimeout(() => {
        if (res.writableEnded) return;
        internalGetJson(port, dbPath, adminAuth).then((info) => {
          if (res.writableEnded) return;
          const lastSeq = JSON.stringify(info ? info.update_seq : (req.query.since || 0));
          if (!res.headersSent) {
            res.status(200).type('application/json');
            res.end(`{"results":[],"last_seq":${lastSeq}}\n`);
          } else {
            res.end(`],\n"last_seq":${lastSeq}}\n`);
          }
          // express-pouchdb's live listener stays until the connection closes: mute it.
          res.write = () => true;
          res.end = () => res;
        });
      }, timeout);
      res.on('finish', () => clearTimeout(timer));
      res.on('close', () => clearTimeout(timer));
    }
    next();
  });
}

function installErrorHandler(app) {
  // Unknown paths and anything express-pouchdb passed on as an error.
  app.use((req, res) => sendError(res, 404, 'not_found', 'missing'));
  // eslint-disable-next-line no-unused-vars
  app.use((err, req, res, next) => {
    let status = Number(err.status || err.statusCode || 500);
    if (!(status >= 400 && status < 600)) status = 500;
    const error = err.type === 'entity.parse.failed' ? 'bad_request' : (err.error || err.name || 'error');
    sendError(res, status, error, err.reason || err.message || String(err));
  });
}

module.exports = { install, installErrorHandler, sendError };
