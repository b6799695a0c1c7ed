// Requests that express-pouchdb mishandles are answered here first, the way CouchDB 3 answers
// them, so that they can neither crash the server nor behave more loosely than production.
'use strict';

function sendError(res, status, error, reason) {
  if (res.headersSent) return;
  res.status(status).type('application/json').send(JSON.stringify({ error, reason }));
}

function basicCredentials(req) {
  const header = req.headers.authorization || '';
  if (!header.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const sep = decoded.indexOf(':');
  if (sep < 0) return null;
  return { name: decoded.slice(0, sep), password: decoded.slice(sep + 1) };
}

const DB_PATH = /^\/([a-z][a-z0-9_$()+/-]*?)\/?$/;

function install(app, { adminName, adminPassword }) {
  const isAdmin = (req) => {
    const c = basicCredentials(req);
    return c !== null && c.name === adminName && c.password === adminPassword;
  };

  // CouchDB 3: only a server admin creates or deletes a database. express-pouchdb crashes on a
  // non-admin PUT /db, so the check is made before it sees the request.
  app.use((req, res, next) => {
    const m = DB_PATH.exec(req.path);
    if (m && (req.method === 'PUT' || req.method === 'DELETE') && !isAdmin(req)) {
      return sendError(res, 401, 'unauthorized', 'You are not a server admin.');
    }
    next();
  });
}

function installErrorHandler(app) {
  // eslint-disable-next-line no-unused-vars
  app.use((err, req, res, next) => {
    const status = err.status || err.statusCode || 500;
    sendError(res, status, err.name || 'error', err.message || String(err));
  });
}

module.exports = { install, installErrorHandler };
