// Instant filtering of the catalogue: the full list is in the page (so it
// works without JavaScript); this hides the cards that do not match the
// text, theme, access and producer filters.
(function () {
  'use strict';

  function normalise(text) {
    return (text || '').toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }

  function init() {
    var form = document.querySelector('[data-search-form]');
    var list = document.getElementById('liste-api');
    if (!form || !list) return;
    var cards = Array.prototype.slice.call(list.querySelectorAll('.api-card'));
    var haystacks = cards.map(function (card) { return normalise(card.getAttribute('data-search')); });
    var count = document.getElementById('resultats');
    var empty = document.querySelector('[data-no-results]');

    function apply() {
      var words = normalise(form.elements.q.value).split(/\s+/).filter(Boolean);
      var theme = form.elements.theme.value;
      var access = form.elements.access.value;
      var producer = form.elements.producer.value;
      var shown = 0;
      cards.forEach(function (card, i) {
        var ok = words.every(function (w) { return haystacks[i].indexOf(w) !== -1; })
          && (!theme || (' ' + card.getAttribute('data-themes') + ' ').indexOf(' ' + theme + ' ') !== -1)
          && (!access || card.getAttribute('data-access') === access)
          && (!producer || card.getAttribute('data-producer') === producer);
        card.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = shown + ' API';
      empty.hidden = shown !== 0;
    }

    form.addEventListener('input', apply);
    form.addEventListener('change', apply);
    form.addEventListener('submit', function (event) { event.preventDefault(); apply(); });
    var params = new URLSearchParams(window.location.search);
    if (params.get('q')) form.elements.q.value = params.get('q');
    apply();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
