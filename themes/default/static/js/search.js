// The catalogue's search box: ranked results as you type, from the index
// under search/ (search/engine.js), filters, state in the URL, keyboard.
// Without JavaScript the form stays hidden and the paged list and the
// theme and producer pages remain.
(function () {
  'use strict';

  var PAGE = 12;
  var ACCESS = { open: 'Accès libre', account: 'Sur création de compte', restricted: 'Sur habilitation' };
  var KIND = { producer: 'Producteur', guide: 'Guide', operation: 'Opération' };

  function init() {
    var form = document.querySelector('[data-search-form]');
    if (!form || !window.VitrineSearch) return;
    var base = form.getAttribute('data-base') || '';
    var box = form.elements.q;
    var filters = form.querySelector('[data-search-filters]');
    var count = document.getElementById('resultats');
    var staticCount = count.textContent;
    var list = document.querySelector('[data-catalogue-list]');
    var panel = document.querySelector('[data-search-results]');
    var results = document.getElementById('resultats-recherche');
    var moreButton = panel.querySelector('[data-search-more]');
    var empty = panel.querySelector('[data-no-results]');
    var engine = window.VitrineSearch.createEngine(function (name) {
      return fetch(base + '/search/' + name).then(function (r) {
        if (!r.ok) throw new Error(name + ': ' + r.status);
        return r.json();
      });
    });
    var text = window.VitrineSearchText;
    var last = null;
    var shown = 0;
    var run = 0;

    form.hidden = false;
    if (window.matchMedia('(min-width: 48rem)').matches) filters.open = true;

    function state() {
      return {
        q: box.value,
        theme: form.elements.theme.value,
        producer: form.elements.producer.value,
        access: form.elements.access.value,
        fc: form.elements.fc.checked ? '1' : ''
      };
    }

    function toUrl(s) {
      var params = new URLSearchParams();
      Object.keys(s).forEach(function (k) { if (s[k]) params.set(k, s[k]); });
      var qs = params.toString();
      return window.location.pathname + (qs ? '?' + qs : '') + window.location.hash;
    }

    function fromUrl() {
      var params = new URLSearchParams(window.location.search);
      box.value = params.get('q') || '';
      form.elements.theme.value = params.get('theme') || '';
      form.elements.producer.value = params.get('producer') || '';
      form.elements.access.value = params.get('access') || '';
      form.elements.fc.checked = params.get('fc') === '1';
      if (params.get('theme') || params.get('producer') || params.get('access') || params.get('fc')) filters.open = true;
    }

    function highlight(el, value, words) {
      var pos = 0;
      text.spans(value).forEach(function (sp) {
        if (!words.has(sp.folded)) return;
        el.appendChild(document.createTextNode(value.slice(pos, sp.start)));
        var mark = document.createElement('mark');
        mark.textContent = value.slice(sp.start, sp.end);
        el.appendChild(mark);
        pos = sp.end;
      });
      el.appendChild(document.createTextNode(value.slice(pos)));
    }

    function item(d, words) {
      var li = document.createElement('li');
      li.className = 'result result-' + d.kind;
      var h = document.createElement('h3');
      h.className = 'result-title';
      var a = document.createElement('a');
      a.href = base + d.url;
      highlight(a, d.title, words);
      h.appendChild(a);
      li.appendChild(h);
      if (d.tagline) {
        var p = document.createElement('p');
        p.className = 'result-tagline';
        highlight(p, d.tagline, words);
        li.appendChild(p);
      }
      var meta = [];
      if (KIND[d.kind]) meta.push(KIND[d.kind]);
      // An operation's `producer` column holds its API's title.
      if (d.producer) meta.push((d.kind === 'operation' ? 'API : ' : 'Producteur : ') + d.producer);
      if (ACCESS[d.access]) meta.push(ACCESS[d.access]);
      if (d.franceConnect) meta.push('FranceConnect');
      if (meta.length) {
        var m = document.createElement('p');
        m.className = 'result-meta';
        m.textContent = meta.join(' · ');
        li.appendChild(m);
      }
      return li;
    }

    function show(result) {
      results.textContent = '';
      result.results.forEach(function (d) { results.appendChild(item(d, result.words)); });
      shown = result.results.length;
      moreButton.hidden = shown >= result.total;
      empty.hidden = result.total !== 0;
      count.textContent = result.total === 0 ? 'Aucun résultat'
        : result.total === 1 ? '1 résultat' : result.total + ' résultats';
      panel.hidden = false;
      list.hidden = true;
    }

    function reset() {
      results.textContent = '';
      panel.hidden = true;
      list.hidden = false;
      count.textContent = staticCount;
      last = null;
    }

    function apply() {
      var s = state();
      var id = ++run;
      if (!s.q.trim() && !s.theme && !s.producer && !s.access && !s.fc) {
        reset();
        panel.setAttribute('data-rendered', '');
        return Promise.resolve();
      }
      return engine.search(s.q, s, PAGE).then(function (result) {
        if (id !== run) return;
        last = result;
        show(result);
        // What the list now shows (tests and scripts wait for it).
        panel.setAttribute('data-rendered', s.q);
      }, function () {
        if (id !== run) return;
        count.textContent = 'La recherche n’a pas pu être chargée.';
      });
    }

    // Typing replaces the current history entry; a filter change adds one.
    function commit(push) {
      var url = toUrl(state());
      if (url === window.location.pathname + window.location.search + window.location.hash) return;
      if (push) history.pushState(null, '', url);
      else history.replaceState(null, '', url);
    }

    box.addEventListener('input', function () { commit(false); apply(); });
    form.addEventListener('change', function (e) {
      if (e.target === box) return;
      commit(true);
      apply();
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      commit(true);
      apply().then(function () {
        var first = results.querySelector('a');
        if (first) first.focus();
      });
    });
    // On a phone the keyboard covers the lower half: the box goes to the
    // top of the screen so the results are right under it.
    box.addEventListener('focus', function () {
      if (window.matchMedia('(max-width: 48rem)').matches) form.scrollIntoView({ block: 'start' });
    });
    moreButton.addEventListener('click', function () {
      if (!last) return;
      var current = last;
      engine.more(current, shown, PAGE).then(function (docs) {
        if (current !== last) return;
        var firstNew = null;
        docs.forEach(function (d) {
          var li = item(d, current.words);
          results.appendChild(li);
          if (!firstNew) firstNew = li.querySelector('a');
        });
        shown += docs.length;
        moreButton.hidden = shown >= current.total;
        if (firstNew) firstNew.focus();
      });
    });
    window.addEventListener('popstate', function () { fromUrl(); apply(); });

    document.addEventListener('keydown', function (e) {
      var t = e.target;
      var typing = t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable);
      if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        box.focus();
        box.select();
        return;
      }
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      var links = Array.prototype.slice.call(results.querySelectorAll('.result-title a'));
      if (panel.hidden || !links.length) return;
      var at = links.indexOf(t);
      if (t === box && e.key === 'ArrowDown') {
        e.preventDefault();
        links[0].focus();
      } else if (at !== -1) {
        e.preventDefault();
        if (e.key === 'ArrowDown' && at + 1 < links.length) links[at + 1].focus();
        else if (e.key === 'ArrowUp') (at === 0 ? box : links[at - 1]).focus();
      }
    });

    fromUrl();
    apply();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
