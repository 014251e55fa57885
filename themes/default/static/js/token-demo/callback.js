// Runs in static/oauth-callback.html, where the sandbox redirects after
// sign-in. Hands `code`/`state` (or `error`) back to the demo page: by
// postMessage to the opener, restricted to this site's own origin, or, when
// the sign-in happened in the same tab, through sessionStorage.
import { MESSAGE_TYPE, PENDING_KEY, RESULT_KEY } from './signin.js';

const status = document.getElementById('statut');
const params = Object.fromEntries(new URLSearchParams(location.search));
const message = { type: MESSAGE_TYPE, params, url: location.href };

function say(text) {
  status.textContent = text;
}

function pendingSameTab() {
  try {
    return JSON.parse(sessionStorage.getItem(PENDING_KEY) || 'null');
  } catch {
    return null;
  }
}

const pending = pendingSameTab();
if (window.opener && !window.opener.closed) {
  // The target origin keeps the code from reaching any page but ours.
  window.opener.postMessage(message, location.origin);
  say('Connexion terminée : le code a été transmis à la page de démonstration. Cette fenêtre va se fermer.');
  window.close();
} else if (pending && typeof pending.returnUrl === 'string' && new URL(pending.returnUrl, location.href).origin === location.origin) {
  sessionStorage.setItem(RESULT_KEY, JSON.stringify({ ...pending, params, url: location.href }));
  sessionStorage.removeItem(PENDING_KEY);
  say('Connexion terminée : retour à la page de démonstration…');
  location.replace(pending.returnUrl);
} else {
  say('Aucune démonstration n’attend ce retour. Revenez à la page de l’API et recommencez à l’étape 1.');
}
