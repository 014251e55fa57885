// Ranked search over the index written by `vitrine build` (format in
// src/search/index.rs). `createEngine(load)` takes `load(name)`, a
// function returning a promise of the parsed JSON file `search/<name>`.
(function (root) {
  'use strict';
  var text = root.VitrineSearchText || (typeof require !== 'undefined' ? require('./text.js') : null);

  // Field bits of a posting and what each weighs.
  var WEIGHTS = [[1, 16], [2, 8], [4, 5], [8, 4], [16, 1]];
  var EXACT = 1, ENDING = 0.95, PREFIX = 0.85, TYPO = 0.6;
  // Other result kinds (producers, guides, operations) count half an API.
  var OTHER_KIND = 0.5;
  // Title words that say nothing about which API it is.
  var GENERIC = { api: true };
  var BOOSTED = 12;

  function fieldWeight(bits) {
    var w = 0;
    for (var i = 0; i < WEIGHTS.length; i++) if (bits & WEIGHTS[i][0]) w += WEIGHTS[i][1];
    return w;
  }

  // At most one edit (insertion, deletion, substitution or swap of two
  // neighbours) between a and b.
  function withinOneEdit(a, b) {
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (i === la || i === lb) return true;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  function decodePostings(list) {
    var ids = new Array(list.length), bits = new Array(list.length), id = 0;
    for (var i = 0; i < list.length; i++) {
      id += Math.floor(list[i] / 32);
      ids[i] = id;
      bits[i] = list[i] % 32;
    }
    return { ids: ids, bits: bits };
  }

  function decodeIds(list) {
    var out = new Array(list.length), id = 0;
    for (var i = 0; i < list.length; i++) { id += list[i]; out[i] = id; }
    return out;
  }

  function createEngine(load) {
    var metaP = load('meta.json');
    var cache = {};
    var chunks = {};
    var facetsP = null;

    // The longest key among the word's first three, two and one characters
    // (src/search/shards.rs).
    function shardName(meta, word) {
      if (!meta.shards.length) return 'terms.json';
      if (!meta.shardSet) meta.shardSet = new Set(meta.shards);
      for (var n = 3; n >= 1; n--) {
        var key = word.slice(0, n);
        if (key.length === n && meta.shardSet.has(key)) return 'terms-' + key + '.json';
      }
      return 'terms-_.json';
    }

    function shard(meta, word) {
      return file(shardName(meta, word), function (groups) {
        var bySurface = new Map();
        var surfaces = [];
        groups.forEach(function (g, gi) {
          g[0].forEach(function (s) { bySurface.set(s, gi); surfaces.push(s); });
        });
        return { groups: groups, bySurface: bySurface, surfaces: surfaces, decoded: [] };
      }, { groups: [], bySurface: new Map(), surfaces: [], decoded: [] });
    }

    // A file loaded once and kept, read through `parse`; `empty` if it
    // cannot be loaded.
    function file(name, parse, empty) {
      if (!cache[name]) cache[name] = load(name).then(parse, function () { return empty; });
      return cache[name];
    }

    // The `ends` list of a word: its last two characters (shards.rs).
    function endName(meta, word) {
      var chars = Array.from(word);
      if (!meta.ends || chars.length < 4) return null;
      var key = chars.slice(-2).join('');
      if (!/^[a-z0-9]{2}$/.test(key)) key = '_';
      if (!meta.endSet) meta.endSet = new Set(meta.ends);
      return meta.endSet.has(key) ? 'ends-' + key + '.json' : null;
    }

    // Words of other shards within one edit of `word`, each with its group,
    // for a typo in the first letters (which choose the shard). The `ends`
    // list puts the words in most documents first; the shards already
    // loaded cost nothing, and one more is read, the first candidate's, so
    // that a short word near many others (`qasses`: basses, casses,
    // masses, passes…) does not fetch half the index.
    function typoElsewhere(meta, word, home) {
      var name = endName(meta, word);
      if (!name) return Promise.resolve([]);
      return file(name, function (words) { return words; }, []).then(function (words) {
        var extra = null;
        var near = words.filter(function (w) {
          if (!withinOneEdit(word, w)) return false;
          var shardFile = shardName(meta, w);
          if (cache[shardFile]) return true;
          if (extra === null) extra = shardFile;
          return shardFile === extra;
        });
        return Promise.all(near.map(function (w) { return shard(meta, w); })).then(function (shs) {
          var out = [];
          shs.forEach(function (sh, i) {
            if (sh !== home && sh.bySurface.has(near[i])) out.push({ sh: sh, gi: sh.bySurface.get(near[i]), q: TYPO });
          });
          return out;
        });
      });
    }

    // Every group a query word reaches, `{ sh, gi, q }`: the word's own
    // shard first, then, if nothing there matched, typos elsewhere.
    function reach(meta, word, isLast) {
      return shard(meta, word).then(function (sh) {
        var found = [];
        matchWord(sh, word, isLast).forEach(function (q, gi) { found.push({ sh: sh, gi: gi, q: q }); });
        if (found.length || word.length < 5) return found;
        return typoElsewhere(meta, word, sh);
      });
    }

    function postings(sh, gi) {
      if (!sh.decoded[gi]) sh.decoded[gi] = decodePostings(sh.groups[gi][1]);
      return sh.decoded[gi];
    }

    // The groups a query word reaches, each with how well it matches.
    function matchWord(sh, word, isLast) {
      var found = new Map();
      function add(gi, q) { if (!(found.get(gi) >= q)) found.set(gi, q); }
      if (sh.bySurface.has(word)) add(sh.bySurface.get(word), EXACT);
      // A form the catalogue does not use: its shorter kin (`boursieres`
      // reaches `boursier`), as the stemmer would have grouped them.
      for (var k = 1; k <= 2 && found.size === 0; k++) {
        var shorter = word.slice(0, word.length - k);
        if (shorter.length >= 4 && sh.bySurface.has(shorter)) add(sh.bySurface.get(shorter), ENDING);
      }
      var prefix = isLast && word.length >= 2;
      var typo = found.size === 0 && word.length >= 5;
      if (prefix || typo) {
        for (var i = 0; i < sh.surfaces.length; i++) {
          var s = sh.surfaces[i];
          if (prefix && s.length > word.length && s.lastIndexOf(word, 0) === 0) add(sh.bySurface.get(s), PREFIX);
          else if (typo && withinOneEdit(word, s)) add(sh.bySurface.get(s), TYPO);
        }
      }
      return found;
    }

    function facetIds(meta, filters) {
      var keys = [];
      if (filters.theme) keys.push('theme:' + filters.theme);
      if (filters.producer) keys.push('producer:' + filters.producer);
      if (filters.access) keys.push('access:' + filters.access);
      if (filters.fc) keys.push('fc:1');
      if (!keys.length) return Promise.resolve(null);
      if (!facetsP) facetsP = load('facets.json');
      return facetsP.then(function (facets) {
        var allowed = null;
        keys.forEach(function (key) {
          var ids = new Set(decodeIds(facets[key] || []));
          allowed = allowed === null ? ids : new Set(Array.from(allowed).filter(function (id) { return ids.has(id); }));
        });
        return allowed;
      });
    }

    function kindOf(meta, id) {
      if (id < meta.apis) return 'api';
      if (id < meta.apis + meta.producers) return 'producer';
      return id < meta.docs - (meta.operations || 0) ? 'guide' : 'operation';
    }

    function doc(meta, id) {
      var n = Math.floor(id / meta.chunk);
      if (!chunks[n]) chunks[n] = load('docs-' + n + '.json');
      return chunks[n].then(function (rows) {
        var row = rows[id - n * meta.chunk] || ['', '', '', '', '', 0];
        return {
          id: id,
          kind: kindOf(meta, id),
          title: row[0], url: row[1], tagline: row[2], producer: row[3], access: row[4], franceConnect: row[5] === 1
        };
      });
    }

    // Query words, folded, stop words out (unless nothing else is left).
    function queryWords(meta, query) {
      var all = text.words(query).map(text.fold);
      var kept = all.filter(function (w) { return meta.stop.indexOf(w) === -1; });
      return kept.length ? kept : [];
    }

    // Whole title matched (+40) or title starting with the query (+15),
    // generic and stop words aside on both sides.
    function titleBoost(meta, d, words, matched) {
      var keep = function (w) { return !GENERIC[w] && meta.stop.indexOf(w) === -1; };
      var sets = matched.filter(function (_, i) { return !GENERIC[words[i]]; });
      var title = text.words(d.title).map(text.fold).filter(keep);
      if (!title.length || !sets.length) return 0;
      var hits = title.map(function (w) {
        for (var i = 0; i < sets.length; i++) if (sets[i].has(w)) return i;
        return -1;
      });
      var all = hits.every(function (h) { return h !== -1; });
      var covered = sets.every(function (_, i) { return hits.indexOf(i) !== -1; });
      if (all && covered) return 40;
      for (var j = 0; j < sets.length; j++) if (hits[j] !== j) return 0;
      return 15;
    }

    // +8 for each query word the title holds as typed (not only its stem:
    // Snowball puts `donnees` and `donnera` together).
    function exactTitleWords(d, words) {
      var title = text.words(d.title).map(text.fold);
      return words.filter(function (w) { return title.indexOf(w) !== -1; }).length * 8;
    }

    // `{ total, results: [doc…] (the first `limit`), words: Set of matched
    // index words (for highlighting) }`.
    function search(query, filters, limit) {
      filters = filters || {};
      limit = limit || BOOSTED;
      return metaP.then(function (meta) {
        var words = queryWords(meta, query);
        var isLastOpen = !/\s$/.test(query);
        return Promise.all([
          facetIds(meta, filters),
          Promise.all(words.map(function (w, wi) { return reach(meta, w, wi === words.length - 1 && isLastOpen); }))
        ]).then(function (loaded) {
          var allowed = loaded[0];
          var filtering = allowed !== null;
          var matched = [];
          var scores = new Map();
          var hitCount = new Map();
          words.forEach(function (w, wi) {
            var surfaces = new Set();
            var best = new Map();
            loaded[1][wi].forEach(function (m) {
              m.sh.groups[m.gi][0].forEach(function (s) { surfaces.add(s); });
              var p = postings(m.sh, m.gi);
              for (var i = 0; i < p.ids.length; i++) {
                var s = m.q * fieldWeight(p.bits[i]);
                if (!(best.get(p.ids[i]) >= s)) best.set(p.ids[i], s);
              }
            });
            matched.push(surfaces);
            best.forEach(function (s, id) {
              scores.set(id, (scores.get(id) || 0) + s);
              hitCount.set(id, (hitCount.get(id) || 0) + 1);
            });
          });
          var ids;
          if (!words.length) {
            ids = [];
            // Filters alone list APIs; their operations come with a query.
            if (filtering) allowed.forEach(function (id) { if (id < meta.apis) ids.push(id); });
            ids.sort(function (a, b) { return a - b; });
          } else {
            ids = [];
            scores.forEach(function (s, id) {
              if (filtering && !allowed.has(id)) return;
              if (id >= meta.apis) scores.set(id, s * OTHER_KIND);
              ids.push(id);
            });
            // Every word matched, or else the most words matched first.
            var most = 0;
            ids.forEach(function (id) { most = Math.max(most, hitCount.get(id)); });
            ids = ids.filter(function (id) { return hitCount.get(id) === most; });
            ids.sort(function (a, b) { return scores.get(b) - scores.get(a) || a - b; });
          }
          var head = ids.slice(0, Math.max(limit, BOOSTED));
          return Promise.all(head.map(function (id) { return doc(meta, id); })).then(function (docs) {
            if (words.length) {
              docs.forEach(function (d) {
                var boost = titleBoost(meta, d, words, matched) + exactTitleWords(d, words);
                d.score = scores.get(d.id) + boost * (d.kind === 'api' ? 1 : OTHER_KIND);
              });
              // An API catalogue: the APIs that match come before the
              // producers and guides that do.
              var rank = function (d) { return d.kind === 'api' ? 0 : 1; };
              docs.sort(function (a, b) { return rank(a) - rank(b) || b.score - a.score || a.id - b.id; });
            }
            var all = new Set();
            matched.forEach(function (m) { m.forEach(function (s) { all.add(s); }); });
            return { total: ids.length, ids: ids, results: docs.slice(0, limit), words: all, query: words };
          });
        });
      });
    }

    // More results after the first ones, in rank order.
    function more(result, from, count) {
      return metaP.then(function (meta) {
        return Promise.all(result.ids.slice(from, from + count).map(function (id) { return doc(meta, id); }));
      });
    }

    return { search: search, more: more };
  }

  var api = { createEngine: createEngine, withinOneEdit: withinOneEdit };
  root.VitrineSearch = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof self !== 'undefined' ? self : globalThis);
