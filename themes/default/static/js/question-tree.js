// Eligibility question trees: the page holds nested <details> (readable
// without JavaScript); here each question's choices become toggle buttons
// with aria-pressed, and picking one shows only its outcome. Changing an
// earlier choice closes everything that hung below it.
(function () {
  'use strict';

  function branchesOf(question) {
    return Array.prototype.filter.call(question.children, function (el) {
      return el.hasAttribute('data-qt-branch');
    });
  }

  function reset(question) {
    branchesOf(question).forEach(function (branch) {
      branch.open = false;
      branch.querySelectorAll('.qt-question').forEach(function (nested) { reset(nested); });
    });
    question.querySelectorAll(':scope > [data-qt-choices] .qt-choice').forEach(function (b) {
      b.setAttribute('aria-pressed', 'false');
    });
  }

  function enhance(question) {
    var box = question.querySelector(':scope > [data-qt-choices]');
    if (!box) return;
    branchesOf(question).forEach(function (branch) {
      branch.querySelectorAll(':scope > summary [data-qt-choice]').forEach(function (label) {
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'qt-choice';
        button.innerHTML = label.innerHTML;
        button.setAttribute('aria-pressed', 'false');
        button.setAttribute('aria-controls', branch.id);
        button.addEventListener('click', function () {
          var wasPressed = button.getAttribute('aria-pressed') === 'true';
          reset(question);
          if (!wasPressed) {
            button.setAttribute('aria-pressed', 'true');
            branch.open = true;
          }
        });
        box.appendChild(button);
      });
    });
    branchesOf(question).forEach(function (branch) {
      branch.querySelectorAll(':scope > [data-qt-outcome] > .qt-question').forEach(enhance);
    });
  }

  function init() {
    document.querySelectorAll('[data-question-tree]').forEach(function (tree) {
      var root = tree.querySelector(':scope > .qt-question');
      if (!root) return;
      enhance(root);
      tree.classList.add('is-enhanced');
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
