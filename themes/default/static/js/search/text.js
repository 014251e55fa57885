// The query side's twin of src/search/text.rs: the same folding, word
// splitting and (from the index's meta.json) stop words. Stemming is not
// repeated here: the index ships each stem with the words it came from.
// Loaded as a plain script (window.VitrineSearchText) or required by node.
(function (root) {
  'use strict';

  // Letters, digits and combining accents make words; Rust's
  // `char::is_alphanumeric` is Alphabetic or Numeric.
  var WORD = /[\p{Alphabetic}\p{N}\u0300-\u036f]+/gu;

  function fold(text) {
    return text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      .replace(/œ/g, 'oe').replace(/æ/g, 'ae');
  }

  function words(text) {
    return (text || '').match(WORD) || [];
  }

  // Folded words with their place in the text, for highlighting.
  function spans(text) {
    var out = [];
    var m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text)) !== null) {
      out.push({ start: m.index, end: m.index + m[0].length, folded: fold(m[0]) });
    }
    return out;
  }

  var api = { fold: fold, words: words, spans: spans };
  root.VitrineSearchText = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(typeof self !== 'undefined' ? self : globalThis);
