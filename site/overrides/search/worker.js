// MkDocs search worker with CJK bigram tokenization (override of mkdocs/contrib/search/templates/search/worker.js).
// Index: ASCII/latin words as usual (lowercased, English stemmer); each run of CJK characters
// is indexed as unigrams + overlapping bigrams. Query: a CJK run of 1 char -> that char;
// of n>=2 chars -> all its bigrams, each REQUIRED (approximates a phrase match).
var allowSearch = false;
var index;
var documents = {};
var data;

// CJK Unified Ideographs (+Ext A, compatibility) — Han characters
var CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
var RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[A-Za-z0-9\u00c0-\u024f]+/g;

function cjkGrams(run, withUnigrams) {
  var out = [];
  if (run.length === 1) { out.push(run); return out; }
  for (var i = 0; i < run.length; i++) {
    if (withUnigrams) out.push(run[i]);
    if (i + 1 < run.length) out.push(run.substr(i, 2));
  }
  return out;
}

function cjkTokenizer(obj, metadata) {
  if (obj == null) return [];
  if (Array.isArray(obj)) {
    return obj.map(function (t) { return new lunr.Token(lunr.utils.asString(t).toLowerCase(), lunr.utils.clone(metadata)); });
  }
  var str = obj.toString().toLowerCase();
  var tokens = [], m;
  RUN.lastIndex = 0;
  while ((m = RUN.exec(str)) !== null) {
    var run = m[0];
    if (CJK.test(run[0])) {
      var grams = cjkGrams(run, true);
      for (var k = 0; k < grams.length; k++) tokens.push(new lunr.Token(grams[k], lunr.utils.clone(metadata) || {}));
    } else {
      var md = lunr.utils.clone(metadata) || {};
      md.position = [m.index, run.length];
      md.index = tokens.length;
      tokens.push(new lunr.Token(run, md));
    }
  }
  return tokens;
}

function onJSONLoaded() {
  data = JSON.parse(this.responseText);
  importScripts('lunr.js');
  onScriptsLoaded();
}

function onScriptsLoaded() {
  index = lunr(function () {
    this.tokenizer = cjkTokenizer;
    this.pipeline.reset();
    this.pipeline.add(lunr.stemmer);
    this.searchPipeline.reset();
    this.searchPipeline.add(lunr.stemmer);
    this.field('title', { boost: 10 });
    this.field('text');
    this.ref('location');
    for (var i = 0; i < data.docs.length; i++) {
      var doc = data.docs[i];
      this.add(doc);
      documents[doc.location] = doc;
    }
  });
  allowSearch = true;
  postMessage({ config: data.config });
  postMessage({ allowSearch: allowSearch });
}

function init() {
  var oReq = new XMLHttpRequest();
  oReq.addEventListener('load', onJSONLoaded);
  oReq.open('GET', 'search_index.json');
  oReq.send();
}

function queryTerms(query) {
  var terms = [], m;
  var str = query.toLowerCase();
  RUN.lastIndex = 0;
  while ((m = RUN.exec(str)) !== null) {
    var run = m[0];
    if (CJK.test(run[0])) terms = terms.concat(cjkGrams(run, false));
    else terms.push(run);
  }
  return terms;
}

function search(query) {
  if (!allowSearch) { console.error('Assets for search still loading'); return; }
  var terms = queryTerms(query);
  if (!terms.length) return [];
  function run(presence) {
    return index.query(function (q) {
      terms.forEach(function (t) {
        var isCjk = CJK.test(t[0]);
        // latin words: prefix match (e.g. "icp" finds "icp备案"); CJK grams: exact
        q.term(t, { presence: presence,
                    wildcard: isCjk ? lunr.Query.wildcard.NONE : lunr.Query.wildcard.TRAILING });
      });
    });
  }
  // all grams required (~phrase match); if nothing matches, fall back to ranked OR
  var results = run(lunr.Query.presence.REQUIRED);
  if (!results.length && terms.length > 1) results = run(lunr.Query.presence.OPTIONAL).slice(0, 20);
  var out = [];
  var MAX = 50;  // cap rendered results (a 2-char query can hit >1000 entries)
  for (var i = 0; i < results.length && i < MAX; i++) {
    var doc = documents[results[i].ref];
    doc.summary = doc.text.substring(0, 200);
    out.push(doc);
  }
  return out;
}

onmessage = function (e) {
  if (e.data.init) init();
  else if (e.data.query) postMessage({ results: search(e.data.query) });
};
