// DOM building blocks for the token demo. Everything that came over the
// network is inserted as text (textContent), never as HTML, so a hostile
// response cannot inject markup into the page.

/** `el('p', {class: 'x'}, 'text', otherNode)`; attributes with null/false values are skipped. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === false || value === undefined) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** A labelled block of verbatim text, with a copy button when the clipboard is available. */
export function codeBlock(label, text, { kind = 'texte' } = {}) {
  const code = el('code', {}, text);
  const block = el('div', { class: 'token-demo__block', 'data-kind': kind }, el('p', { class: 'token-demo__label' }, label), el('pre', { class: 'token-demo__code' }, code));
  if (navigator.clipboard && window.isSecureContext) {
    const button = el('button', { type: 'button', class: 'token-demo__copy' }, `Copier : ${label}`);
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(text);
        button.textContent = `Copié : ${label}`;
      } catch {
        button.textContent = `Copie impossible : sélectionnez le texte (${label})`;
      }
    });
    block.append(button);
  }
  return block;
}

/** A two-column table of name/value pairs (what a URL or a form body carries). */
export function pairsTable(caption, pairs) {
  return el(
    'table',
    { class: 'token-demo__pairs' },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Paramètre'), el('th', { scope: 'col' }, 'Valeur'))),
    el('tbody', {}, pairs.map(([name, value]) => el('tr', {}, el('th', { scope: 'row' }, el('code', {}, name)), el('td', {}, el('code', {}, value))))),
  );
}

/**
 * A checklist in words and icons (never colour alone): each item says
 * « conforme » or « non conforme » and carries data-ok for tests and styles.
 */
export function checklist(title, items) {
  const allOk = items.length > 0 && items.every((item) => item.ok);
  return el(
    'div',
    { class: 'token-demo__checks', 'data-all-ok': String(allOk) },
    el('p', { class: 'token-demo__label' }, title),
    el(
      'ul',
      { class: 'token-demo__checklist' },
      items.map((item) =>
        el(
          'li',
          { 'data-check': item.id, 'data-ok': String(item.ok) },
          el('span', { class: 'token-demo__icon', 'aria-hidden': 'true' }, item.ok ? '✓' : '✗'),
          el('strong', {}, item.label),
          ` : ${item.ok ? 'conforme' : 'non conforme'}`,
          item.detail ? ` (${item.detail})` : '',
        ),
      ),
    ),
    el('p', { class: 'token-demo__verdict' }, allOk ? 'Toutes les vérifications sont réussies.' : 'Au moins une vérification a échoué.'),
  );
}

/** Replaces what a step's output area shows. */
export function show(container, ...nodes) {
  container.replaceChildren(...nodes);
}

/** JSON as the reader expects to see it: indented, keys in the order received. */
export function prettyJson(value) {
  return JSON.stringify(value, null, 2);
}
