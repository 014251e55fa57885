// The live token-exchange demo: each `[data-token-demo]` section (rendered by
// themes/default/components/token_demo.html) walks the reader through a real
// exchange with the sandbox, one step at a time, showing what travels.
// Vanilla ES modules, no build step, nothing loaded from elsewhere.
import { checkIdTokenClaims, decodeJwt, newPkce, randomToken, verifyEs256, withQuery } from './oauth.js';
import { DEMO_SECRET, Sandbox, SandboxUnreachable } from './sandbox.js';
import { checklist, codeBlock, el, pairsTable, prettyJson, show } from './view.js';
import { finishRedirectScenario, runErrorScenario } from './errors.js';
import { SignIn } from './signin.js';

function readConfig(section) {
  const data = section.dataset;
  const siteUrl = (data.siteUrl || location.origin).replace(/\/+$/, '');
  const clientId = data.clientId;
  const scopes = (data.scopes || '').split(/\s+/).filter(Boolean);
  return {
    id: section.id,
    realm: data.realm,
    userFlow: data.flow !== 'client_credentials',
    pkce: data.pkce === 'true',
    clientId,
    // The sandbox, like the real service, expects the application scope first.
    scope: [`application_${clientId}`, ...scopes.filter((s) => s !== `application_${clientId}`)].join(' '),
    sandboxUrl: data.sandboxUrl,
    siteUrl,
    redirectUri: `${siteUrl}/static/oauth-callback.html`,
    paths: { authorizePath: data.authorizePath, tokenPath: data.tokenPath },
  };
}

class TokenDemo {
  constructor(section) {
    this.section = section;
    this.config = readConfig(section);
    this.sandbox = new Sandbox(this.config.sandboxUrl, this.config.realm, this.config.paths);
    this.status = section.querySelector('[data-status]');
    this.flow = null; // {verifier, challenge, state, nonce, authorizeUrl}
    this.callback = null; // {code, state, url}
    this.lastExchange = null; // {url, pairs}
    this.signIn = new SignIn(this);
  }

  step(name) {
    const item = this.section.querySelector(`[data-step="${name}"]`);
    return { item, output: item.querySelector('[data-output]'), button: item.querySelector('button[data-action]') };
  }

  /** Marks the step the reader is on (aria-current), so assistive tech can say where they are. */
  markCurrent(name) {
    for (const item of this.section.querySelectorAll('[data-step]')) {
      if (item.dataset.step === name) item.setAttribute('aria-current', 'step');
      else item.removeAttribute('aria-current');
    }
  }

  /** Announces progress in the aria-live region (and on screen). */
  announce(message) {
    this.status.textContent = message;
  }

  fail(error) {
    const message = error instanceof SandboxUnreachable ? error.message : `Erreur : ${error.message}`;
    this.announce(message);
    return message;
  }

  start() {
    for (const node of this.section.querySelectorAll('[data-run], [data-status]')) node.hidden = false;
    if (new URL(this.config.siteUrl).origin !== location.origin) {
      this.announce(
        `Attention : cette page est servie depuis ${location.origin} mais le site est configuré pour ${this.config.siteUrl} ; ` +
          'le bac à sable n’acceptera pas les retours ni les requêtes de cette origine.',
      );
    }
    this.section.addEventListener('click', (event) => {
      const button = event.target.closest('button');
      if (!button || !this.section.contains(button)) return;
      if (button.dataset.action === 'authorize') this.buildAuthorizeUrl();
      else if (button.dataset.action === 'signin') this.signIn.open(this.flow.authorizeUrl, 'main', this.flow);
      else if (button.dataset.action === 'token') this.config.userFlow ? this.exchangeCode() : this.clientCredentials();
      else if (button.dataset.error) runErrorScenario(this, button.dataset.error);
    });
    this.markCurrent(this.config.userFlow ? 'authorize' : 'token');
    this.signIn.resume();
    this.checkReachable();
  }

  /** Says up front, in the page (not the live region), when the configured sandbox does not answer. */
  async checkReachable() {
    try {
      await this.sandbox.discover();
    } catch (error) {
      const notice = el(
        'p',
        { class: 'token-demo__notice', 'data-unreachable': true },
        `${error.message.replace(/\.?$/, '.')} La démonstration en direct a besoin de ce bac à sable : lancez « vitrine sandbox » ` +
          'puis rechargez la page ; les commandes curl ci-dessus restent utilisables sans lui.',
      );
      this.status.before(notice);
    }
  }

  /** Step 1: PKCE + state + nonce from WebCrypto, then the URL (realm in the query string). */
  async newAuthorization(scope = this.config.scope) {
    const pkce = this.config.pkce ? await newPkce() : null;
    const state = randomToken(16);
    const nonce = randomToken(16);
    const pairs = [
      ['response_type', 'code'],
      ['client_id', this.config.clientId],
      ['scope', scope],
      ['redirect_uri', this.config.redirectUri],
      ['state', state],
      ['nonce', nonce],
      ...(pkce ? [['code_challenge', pkce.challenge], ['code_challenge_method', 'S256']] : []),
    ];
    const authorizeUrl = withQuery(await this.sandbox.authorizeEndpoint(), pairs);
    return { verifier: pkce && pkce.verifier, challenge: pkce && pkce.challenge, state, nonce, authorizeUrl };
  }

  async buildAuthorizeUrl() {
    const { output } = this.step('authorize');
    try {
      this.flow = await this.newAuthorization();
      // A new authorization starts over: what later steps showed belongs to the previous one.
      this.callback = null;
      this.lastExchange = null;
      for (const name of ['redirect', 'token', 'response', 'checks']) show(this.step(name).output);
      this.renderAuthorize();
      this.markCurrent('signin');
      const next = this.step('signin').button;
      next.disabled = false;
      this.step('token').button.disabled = true;
      next.focus();
      this.announce('Étape 1 terminée : URL d’autorisation construite. Étape suivante : ouvrir la page de connexion du bac à sable.');
    } catch (error) {
      show(output, el('p', { class: 'token-demo__error' }, this.fail(error)));
    }
  }

  renderAuthorize() {
    const { flow } = this;
    const secrets = [['state', flow.state], ['nonce', flow.nonce]];
    if (flow.verifier) secrets.unshift(['code_verifier (reste dans le navigateur)', flow.verifier], ['code_challenge = BASE64URL(SHA-256(code_verifier))', flow.challenge]);
    show(
      this.step('authorize').output,
      pairsTable('Valeurs tirées par le navigateur', secrets),
      pairsTable('Paramètres de l’URL', [...new URL(flow.authorizeUrl).searchParams.entries()]),
      codeBlock('URL d’autorisation', flow.authorizeUrl, { kind: 'authorize-url' }),
      el('p', {}, `Découverte OpenID : ${this.sandbox.discoveryUrl}`),
    );
  }

  /** Where the sign-in window's result goes: the main flow, or an error scenario. */
  onSignInResult(purpose, params, url, flow, { resumed = false } = {}) {
    if (purpose !== 'main') {
      finishRedirectScenario(this, purpose, params, url, flow);
      return;
    }
    if (resumed) {
      // Back from a same-tab sign-in: the page was reloaded, show step 1 again.
      this.flow = flow;
      this.renderAuthorize();
    }
    this.receiveRedirect(params, url, flow);
  }

  /** Step 3: what the redirect brought back, state compared with the one sent. */
  receiveRedirect(params, url, flow) {
    const { output } = this.step('redirect');
    this.flow = flow;
    if (params.error) {
      show(output, codeBlock('Redirection reçue', url), el('p', { class: 'token-demo__error' }, `Erreur renvoyée : ${params.error} — ${params.error_description || ''}`));
      this.announce(`La connexion a renvoyé l’erreur ${params.error}.`);
      return;
    }
    this.callback = { code: params.code, state: params.state, iss: params.iss, url };
    const stateOk = params.state === flow.state;
    show(
      output,
      codeBlock('Redirection reçue', url, { kind: 'redirect' }),
      pairsTable('Paramètres de la redirection', Object.entries(params)),
      el('p', {}, stateOk ? 'Le state reçu est celui envoyé à l’étape 1.' : 'Attention : le state reçu diffère de celui envoyé.'),
    );
    const next = this.step('token').button;
    next.disabled = false;
    this.markCurrent('token');
    next.focus();
    this.announce('Étape 3 terminée : code reçu. Étape suivante : envoyer la requête de jeton.');
  }

  /** Step 4–6 for the authorization code flow. */
  async exchangeCode() {
    if (!this.callback) return;
    const pairs = [
      ['grant_type', 'authorization_code'],
      ['code', this.callback.code],
      ['client_id', this.config.clientId],
      this.config.pkce ? ['code_verifier', this.flow.verifier] : ['client_secret', DEMO_SECRET],
      ['redirect_uri', this.config.redirectUri],
    ];
    const button = this.step('token').button;
    // A code is good for one exchange: sending it again is the « code déjà utilisé » error button's job.
    button.disabled = true;
    const result = await this.sendToken(pairs);
    if (!result) {
      button.disabled = false;
      return;
    }
    await this.renderIdTokenChecks(result);
    // The button just disabled had the focus: hand it to the results rather than to the page's top.
    const heading = this.step('checks').item.querySelector('h4');
    heading.tabIndex = -1;
    heading.focus();
  }

  /** Steps 1–3 for client credentials (/partenaire). */
  async clientCredentials() {
    const pairs = [
      ['grant_type', 'client_credentials'],
      ['client_id', this.config.clientId],
      ['client_secret', DEMO_SECRET],
      ['scope', this.config.scope],
    ];
    const result = await this.sendToken(pairs);
    if (!result) return;
    const { json, status, headers } = result.response;
    const granted = (json && json.scope ? json.scope : '').split(' ');
    const items = [
      { id: 'status', label: 'statut HTTP', ok: status === 200, detail: String(status) },
      { id: 'token_type', label: 'token_type', ok: json && json.token_type === 'Bearer', detail: json && json.token_type },
      { id: 'scope', label: 'scopes accordés', ok: this.config.scope.split(' ').every((s) => granted.includes(s)), detail: json && json.scope },
      { id: 'no-store', label: 'Cache-Control', ok: /no-store/.test(headers['cache-control'] || ''), detail: headers['cache-control'] || 'absent' },
    ];
    this.finishChecks(items, json ? [['Réponse décodée', json]] : []);
  }

  /** Sends the token POST and renders it (step "token") and the raw response (step "response"). */
  async sendToken(pairs) {
    const tokenStep = this.step('token');
    try {
      const url = await this.sandbox.tokenEndpoint();
      this.announce('Requête de jeton envoyée au bac à sable…');
      const result = await this.sandbox.post(url, pairs);
      this.lastExchange = { url, pairs };
      show(tokenStep.output, codeBlock('Requête HTTP brute', result.request.raw, { kind: 'request' }), codeBlock('La même requête avec curl', result.request.curl, { kind: 'curl' }));
      show(
        this.step('response').output,
        codeBlock('Réponse brute (en-têtes exposés au navigateur par CORS)', result.response.raw, { kind: 'response' }),
      );
      return result;
    } catch (error) {
      show(tokenStep.output, el('p', { class: 'token-demo__error' }, this.fail(error)));
      return null;
    }
  }

  async renderIdTokenChecks(result) {
    const { json } = result.response;
    const { flow } = this;
    const items = [{ id: 'state', label: 'state', ok: this.callback.state === flow.state, detail: `reçu ${this.callback.state}` }];
    const metadata = await this.sandbox.discover().catch(() => this.sandbox.fallback);
    if (this.callback.iss !== undefined) {
      // RFC 9207: the issuer named on the redirect must be the one the request went to.
      items.push({ id: 'redirect-iss', label: 'iss de la redirection (RFC 9207)', ok: this.callback.iss === metadata.issuer, detail: `reçu ${this.callback.iss}` });
    }
    items.push({ id: 'nonce', label: 'nonce de la réponse', ok: !!json && json.nonce === flow.nonce, detail: `reçu ${json && json.nonce}` });
    const decoded = [];
    try {
      if (!json || result.response.status !== 200) throw new Error(`le bac à sable a répondu ${result.response.status}`);
      const jwt = decodeJwt(json.id_token);
      const signature = await verifyEs256(jwt, await this.sandbox.jwks());
      items.push({ id: 'signature', label: 'signature de l’id_token', ok: signature.ok, detail: signature.detail });
      const claims = checkIdTokenClaims(jwt.payload, {
        issuer: metadata.issuer,
        clientId: this.config.clientId,
        nonce: flow.nonce,
        now: Math.floor(Date.now() / 1000),
      });
      const labels = { iss: 'iss (émetteur)', aud: 'aud (destinataire)', exp: 'exp (expiration)', iat: 'iat (émission)', nonce: 'nonce de l’id_token' };
      for (const check of claims) items.push({ ...check, label: labels[check.id] });
      decoded.push(['En-tête de l’id_token', jwt.header], ['Claims de l’id_token', jwt.payload]);
    } catch (error) {
      items.push({ id: 'signature', label: 'id_token', ok: false, detail: error.message });
    }
    this.markCurrent('checks');
    this.finishChecks(items, decoded);
  }

  finishChecks(items, decoded) {
    const list = checklist('Vérifications', items);
    show(this.step('checks').output, list, ...decoded.map(([label, value]) => codeBlock(label, prettyJson(value), { kind: 'claims' })));
    const failed = items.filter((item) => !item.ok).length;
    this.announce(failed === 0 ? 'Échange terminé : toutes les vérifications sont réussies.' : `Échange terminé : ${failed} vérification(s) en échec.`);
  }
}

function init() {
  for (const section of document.querySelectorAll('[data-token-demo]')) {
    // The partial loads this module once per widget; start each section once.
    if (section.dataset.started || !section.dataset.sandboxUrl) continue;
    section.dataset.started = 'true';
    new TokenDemo(section).start();
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
