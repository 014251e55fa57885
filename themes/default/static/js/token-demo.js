// Loader for the token-exchange demo. The page loads this file as a classic
// script (base.html, when a page has a demo); the demo itself is a set of ES
// modules beside it, loaded with a dynamic import resolved from this file's
// own URL so it works under any base path. Modules run once, however many
// times this loader is included.
(function loadTokenDemo() {
  var script = document.currentScript;
  var here = script && script.src ? script.src : location.href;
  import(new URL('token-demo/main.js', here).href).catch(function (error) {
    var sections = document.querySelectorAll('[data-token-demo] [data-status]');
    for (var i = 0; i < sections.length; i++) {
      sections[i].hidden = false;
      sections[i].textContent = 'La démonstration en direct n’a pas pu se charger : ' + error.message;
    }
  });
})();
