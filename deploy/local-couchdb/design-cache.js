// Design documents kept per database between writes, as CouchDB 3 keeps them in its ddoc cache.
//
// pouchdb-validation looks for validate_doc_update functions before every document it writes by
// reading all design documents of the database (an _all_docs range with include_docs). A batch
// of 12 inspections into a database with three design documents read them 12 times: 30 % of
// the batch's CPU, which CouchDB 3 does not spend. Here that one query is answered from memory
// until a design document of the database is written, created or deleted.
'use strict';

function isDesignDocsQuery(options) {
  return Boolean(options) && typeof options === 'object' &&
    Object.keys(options).length === 3 && options.startkey === '_design/' &&
    options.endkey === '_design0' && options.include_docs === true;
}

function writesDesignDoc(docs) {
  const list = Array.isArray(docs) ? docs : (docs && Array.isArray(docs.docs) ? docs.docs : []);
  return list.some((doc) => doc && typeof doc._id === 'string' && doc._id.startsWith('_design/'));
}

// Wraps one database object's allDocs and bulkDocs (put, post and remove go through bulkDocs).
function install(db) {
  const allDocs = db.allDocs;
  const bulkDocs = db.bulkDocs;
  let designDocs = null; // a promise of the query's answer

  db.allDocs = function (options, callback) {
    if (typeof callback === 'function' || !isDesignDocsQuery(options)) return allDocs.apply(this, arguments);
    if (!designDocs) {
      designDocs = allDocs.call(this, options);
      designDocs.catch(() => { designDocs = null; });
    }
    return designDocs;
  };

  db.bulkDocs = function (docs) {
    if (!writesDesignDoc(docs)) return bulkDocs.apply(this, arguments);
    // Forgotten before the write and again after it: a validation that read the old set while
    // the write was under way must not keep it.
    designDocs = null;
    const written = bulkDocs.apply(this, arguments);
    const forget = () => { designDocs = null; };
    if (written && typeof written.then === 'function') written.then(forget, forget);
    return written;
  };
}

module.exports = { install };
