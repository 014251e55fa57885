// The sandbox sign-in: in a popup window when the browser allows one, else in
// this tab (what is pending is kept in sessionStorage across the round trip).
// The redirect lands on static/oauth-callback.html, which posts the
// parameters back to this page (same origin only) or stores them and returns.

export const MESSAGE_TYPE = 'vitrine-oauth-callback';
export const PENDING_KEY = 'vitrine-token-demo:pending';
export const RESULT_KEY = 'vitrine-token-demo:result';
const POPUP_FEATURES = 'popup=yes,width=560,height=720';

export class SignIn {
  constructor(demo) {
    this.demo = demo;
    this.popup = null;
    this.pending = null; // {purpose, flow}
    window.addEventListener('message', (event) => this.onMessage(event));
  }

  /** Opens a URL known now (keeps the click's user activation, so no popup blocker). */
  open(url, purpose, flow) {
    this.pending = { purpose, flow };
    this.popup = window.open(url, `vitrine-signin-${this.demo.config.id}`, POPUP_FEATURES);
    if (this.popup) {
      this.demo.announce('La page de connexion du bac à sable est ouverte dans une nouvelle fenêtre : choisissez un utilisateur de test.');
    } else {
      this.sameTab(url);
    }
  }

  /**
   * For URLs that need async work (PKCE digest): the window is opened empty
   * during the click, then sent to the URL once it is ready.
   */
  async openWhenReady(purpose, makeFlow) {
    const popup = window.open('', `vitrine-signin-${this.demo.config.id}`, POPUP_FEATURES);
    let flow;
    try {
      flow = await makeFlow();
    } catch (error) {
      if (popup) popup.close();
      throw error;
    }
    this.pending = { purpose, flow };
    if (popup) {
      this.popup = popup;
      popup.location.href = flow.authorizeUrl;
      this.demo.announce('La page du bac à sable est ouverte dans une nouvelle fenêtre.');
    } else {
      this.sameTab(flow.authorizeUrl);
    }
    return flow;
  }

  sameTab(url) {
    const returnUrl = `${location.href.split('#')[0]}#${this.demo.config.id}`;
    sessionStorage.setItem(PENDING_KEY, JSON.stringify({ id: this.demo.config.id, ...this.pending, returnUrl }));
    this.demo.announce('Fenêtre bloquée par le navigateur : la connexion continue dans cet onglet.');
    location.assign(url);
  }

  onMessage(event) {
    // Only our own callback page, in the window this widget opened, is listened to.
    if (event.origin !== location.origin || !this.popup || event.source !== this.popup) return;
    const data = event.data;
    if (!data || data.type !== MESSAGE_TYPE || !this.pending) return;
    const { purpose, flow } = this.pending;
    this.pending = null;
    this.popup = null;
    this.demo.onSignInResult(purpose, data.params || {}, String(data.url || ''), flow);
  }

  /** After a same-tab round trip: picks up the result stored by the callback page. */
  resume() {
    let stored = null;
    try {
      stored = JSON.parse(sessionStorage.getItem(RESULT_KEY) || 'null');
    } catch {
      stored = null;
    }
    if (!stored || stored.id !== this.demo.config.id) return;
    sessionStorage.removeItem(RESULT_KEY);
    this.demo.onSignInResult(stored.purpose, stored.params || {}, String(stored.url || ''), stored.flow, { resumed: true });
  }
}
