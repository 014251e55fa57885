// The error buttons: each sends one deliberately wrong request to the
// sandbox and shows the raw error it gets back, next to the documented one
// (oauth.md, seed 003). Nothing is simulated: a sandbox that answered
// differently would show a different code here.
import { DEMO_CONFIDENTIAL_ID as CONFIDENTIAL, DEMO_SECRET, Sandbox } from './sandbox.js';
import { checklist, codeBlock, el, pairsTable, show } from './view.js';

const USER_REALM_PATHS = { authorizePath: '/connexion/oauth2/authorize', tokenPath: '/connexion/oauth2/access_token' };

const TITLES = {
  invalid_client: 'Mauvais secret client',
  invalid_grant: 'Code déjà utilisé',
  redirect_uri_mismatch: 'Mauvaise redirect_uri',
  unsupported_grant_type: 'Client credentials sur un royaume utilisateur',
  invalid_scope: 'Scope inconnu',
};

function output(demo) {
  return demo.section.querySelector('[data-error-output]');
}

/** The verdict line: expected and received codes, in words and icon. */
function verdict(expected, received) {
  return checklist(`Erreur attendue : ${expected}`, [
    { id: 'error', label: 'code d’erreur reçu', ok: received === expected, detail: received || 'aucun' },
  ]);
}

/** Marks the output as showing `scenario`'s result (tests and styles wait on it). */
function done(demo, scenario) {
  output(demo).dataset.done = scenario;
}

function renderPost(demo, expected, { request, response }, intro) {
  const received = response.json && response.json.error;
  done(demo, expected);
  show(
    output(demo),
    el('h4', {}, `${TITLES[expected]} (${expected})`),
    intro ? el('p', {}, intro) : null,
    codeBlock('Requête HTTP brute', request.raw, { kind: 'request' }),
    codeBlock('La même requête avec curl', request.curl, { kind: 'curl' }),
    codeBlock('Réponse d’erreur brute', response.raw, { kind: 'error-response' }),
    verdict(expected, received),
  );
  demo.announce(`${TITLES[expected]} : le bac à sable a répondu ${response.status} ${received || ''}.`);
}

async function wrongSecret(demo) {
  const { config } = demo;
  const url = await demo.sandbox.tokenEndpoint();
  const pairs = config.userFlow
    ? [
        ['grant_type', 'authorization_code'],
        ['code', (demo.callback && demo.callback.code) || 'code-de-demonstration'],
        ['client_id', CONFIDENTIAL],
        ['client_secret', 'mauvais-secret'],
        ['redirect_uri', config.redirectUri],
      ]
    : [
        ['grant_type', 'client_credentials'],
        ['client_id', CONFIDENTIAL],
        ['client_secret', 'mauvais-secret'],
        ['scope', config.scope],
      ];
  renderPost(demo, 'invalid_client', await demo.sandbox.post(url, pairs), `Le client confidentiel ${CONFIDENTIAL} envoie « mauvais-secret » au lieu de son secret de test.`);
}

async function reusedCode(demo) {
  if (!demo.lastExchange || !demo.callback) {
    show(output(demo), el('p', { class: 'token-demo__error' }, 'Faites d’abord l’échange complet (étapes 1 à 4) : ce bouton renvoie ensuite le même code une seconde fois.'));
    demo.announce('Faites d’abord l’échange complet avant de réutiliser le code.');
    return;
  }
  const { url, pairs } = demo.lastExchange;
  renderPost(demo, 'invalid_grant', await demo.sandbox.post(url, pairs), 'La requête de l’étape 4 est renvoyée telle quelle : le code a déjà servi.');
}

async function clientCredentialsOnUserRealm(demo) {
  const { config } = demo;
  const sandbox = config.userFlow ? demo.sandbox : new Sandbox(config.sandboxUrl, '/individu', USER_REALM_PATHS);
  const pairs = [
    ['grant_type', 'client_credentials'],
    ['client_id', CONFIDENTIAL],
    ['client_secret', DEMO_SECRET],
    ['scope', `application_${CONFIDENTIAL}`],
  ];
  renderPost(demo, 'unsupported_grant_type', await sandbox.post(await sandbox.tokenEndpoint(), pairs), `Client credentials envoyé au royaume ${sandbox.realm}, qui n’accepte que l’authorization code.`);
}

async function unknownScope(demo) {
  const { config } = demo;
  if (!config.userFlow) {
    const pairs = [
      ['grant_type', 'client_credentials'],
      ['client_id', config.clientId],
      ['client_secret', DEMO_SECRET],
      ['scope', `${config.scope} api_inconnuv1`],
    ];
    renderPost(demo, 'invalid_scope', await demo.sandbox.post(await demo.sandbox.tokenEndpoint(), pairs), 'Le scope api_inconnuv1 n’existe pas.');
    return;
  }
  // On a user realm the scope travels at the authorize step, so the error comes back on the redirect.
  show(output(demo), el('p', {}, 'Une URL d’autorisation demandant le scope api_inconnuv1 est ouverte : le bac à sable renvoie l’erreur sur la redirection.'));
  await demo.signIn.openWhenReady('invalid_scope', () => demo.newAuthorization(`${config.scope} api_inconnuv1`));
}

async function wrongRedirectUri(demo) {
  show(
    output(demo),
    el('p', {}, 'Nouvelle connexion : choisissez un utilisateur de test dans la fenêtre ; le code reçu sera ensuite échangé avec une autre redirect_uri que celle de l’autorisation.'),
  );
  await demo.signIn.openWhenReady('redirect_uri_mismatch', () => demo.newAuthorization());
}

/** Second half of the scenarios that go through the sign-in window. */
export async function finishRedirectScenario(demo, purpose, params, url, flow) {
  try {
    if (purpose === 'redirect_uri_mismatch' && params.code) {
      const { config } = demo;
      const pairs = [
        ['grant_type', 'authorization_code'],
        ['code', params.code],
        ['client_id', config.clientId],
        config.pkce ? ['code_verifier', flow.verifier] : ['client_secret', DEMO_SECRET],
        ['redirect_uri', `${config.siteUrl}/static/autre-retour.html`],
      ];
      const intro = `Code obtenu pour ${config.redirectUri}, échangé en déclarant ${config.siteUrl}/static/autre-retour.html.`;
      renderPost(demo, 'redirect_uri_mismatch', await demo.sandbox.post(await demo.sandbox.tokenEndpoint(), pairs), intro);
      return;
    }
    done(demo, purpose);
    show(
      output(demo),
      el('h4', {}, `${TITLES[purpose]} (${purpose})`),
      codeBlock('Redirection d’erreur reçue', url, { kind: 'error-redirect' }),
      pairsTable('Paramètres de la redirection', Object.entries(params)),
      verdict(purpose, params.error),
    );
    demo.announce(`${TITLES[purpose]} : la redirection porte l’erreur ${params.error || 'aucune'}.`);
  } catch (error) {
    show(output(demo), el('p', { class: 'token-demo__error' }, demo.fail(error)));
  }
}

const SCENARIOS = {
  invalid_client: wrongSecret,
  invalid_grant: reusedCode,
  redirect_uri_mismatch: wrongRedirectUri,
  unsupported_grant_type: clientCredentialsOnUserRealm,
  invalid_scope: unknownScope,
};

export async function runErrorScenario(demo, code) {
  const scenario = SCENARIOS[code];
  if (!scenario) return;
  // What the previous button showed must not pass for this one's answer.
  delete output(demo).dataset.done;
  show(output(demo), el('p', {}, `${TITLES[code]} : requête en cours…`));
  try {
    await scenario(demo);
  } catch (error) {
    show(output(demo), el('p', { class: 'token-demo__error' }, demo.fail(error)));
  }
}
