// Drives the token-demo widget in a Playwright page the way a keyboard user
// would (focus + Enter), and reads back what it shows (used by
// ../token-demo.test.mjs).

const STEP_TIMEOUT = 15000;

/** Presses Enter on a button, after checking it is enabled and focusable. */
export async function pressButton(page, locator) {
  await locator.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  await page.waitForFunction((node) => !node.disabled, await locator.elementHandle(), { timeout: STEP_TIMEOUT });
  await locator.press('Enter');
}

/**
 * The whole authorization code + PKCE flow in the widget `#id`: build the
 * URL, sign in as the first test user in the sandbox's window, exchange the
 * code. Returns what the checklist says, and where the focus went between steps.
 */
export async function runAuthorizationCode(page, id) {
  const widget = page.locator(`#${id}`);
  await pressButton(page, widget.locator('[data-action="authorize"]'));
  await widget.locator('[data-step="authorize"] [data-kind="authorize-url"]').waitFor({ timeout: STEP_TIMEOUT });
  const authorizeUrl = await widget.locator('[data-step="authorize"] [data-kind="authorize-url"] code').textContent();
  const focusAfterAuthorize = await page.evaluate(() => document.activeElement && document.activeElement.dataset.action);

  const popupOpened = page.waitForEvent('popup', { timeout: STEP_TIMEOUT });
  await page.keyboard.press('Enter'); // the focus moved to « Ouvrir la page de connexion »
  const popup = await popupOpened;
  await popup.waitForLoadState('domcontentloaded');
  const signInTitle = await popup.title();
  const userButton = popup.locator('form button[name="user"]').first();
  await userButton.waitFor({ timeout: STEP_TIMEOUT });
  await userButton.focus();
  // The window closes itself once the code is handed back: that is success, not an error.
  await popup.keyboard.press('Enter').catch((error) => {
    if (!popup.isClosed()) throw error;
  });

  const tokenButton = widget.locator('[data-action="token"]');
  await page.waitForFunction((node) => !node.disabled, await tokenButton.elementHandle(), { timeout: STEP_TIMEOUT });
  const redirect = await widget.locator('[data-step="redirect"] [data-kind="redirect"] code').textContent();
  const focusAfterRedirect = await page.evaluate(() => document.activeElement && document.activeElement.dataset.action);
  await page.keyboard.press('Enter');

  await widget.locator('[data-step="checks"] [data-all-ok]').waitFor({ timeout: STEP_TIMEOUT });
  const focusAfterChecks = await page.evaluate(() => document.activeElement && document.activeElement.closest('[data-step]')?.dataset.step);
  return {
    focusAfterChecks,
    tokenButtonDisabled: await tokenButton.isDisabled(),
    authorizeUrl,
    signInTitle,
    redirect,
    focusAfterAuthorize,
    focusAfterRedirect,
    ...(await readChecks(widget.locator('[data-step="checks"]'))),
    request: await widget.locator('[data-step="token"] [data-kind="request"] code').textContent(),
    curl: await widget.locator('[data-step="token"] [data-kind="curl"] code').textContent(),
    response: await widget.locator('[data-step="response"] [data-kind="response"] code').textContent(),
    status: await widget.locator('[data-status]').textContent(),
  };
}

/** The checklist inside `scope`: {allOk, checks: {id: {ok, text}}}. */
export async function readChecks(scope) {
  const allOk = (await scope.locator('[data-all-ok]').first().getAttribute('data-all-ok')) === 'true';
  const checks = {};
  for (const item of await scope.locator('[data-check]').all()) {
    checks[await item.getAttribute('data-check')] = {
      ok: (await item.getAttribute('data-ok')) === 'true',
      text: (await item.textContent()).trim(),
    };
  }
  return { allOk, checks };
}

/**
 * Clicks an error button and returns the raw error shown and the verdict.
 * `signIn`: the scenario opens the sandbox's window and needs a test user;
 * `redirect`: the error comes back on the redirect rather than from a POST.
 */
export async function runErrorButton(page, id, error, { signIn = false, redirect = false } = {}) {
  const widget = page.locator(`#${id}`);
  const popupOpened = signIn || redirect ? page.waitForEvent('popup', { timeout: STEP_TIMEOUT }) : null;
  await pressButton(page, widget.locator(`[data-error="${error}"]`));
  if (signIn) {
    const popup = await popupOpened;
    const userButton = popup.locator('form button[name="user"]').first();
    await userButton.waitFor({ timeout: STEP_TIMEOUT });
    await userButton.click().catch((error) => {
      if (!popup.isClosed()) throw error;
    });
  } else if (redirect) {
    await popupOpened;
  }
  const output = widget.locator(`[data-error-output][data-done="${error}"]`);
  const kind = redirect ? 'error-redirect' : 'error-response';
  await output.locator(`[data-kind="${kind}"]`).waitFor({ timeout: STEP_TIMEOUT });
  return {
    response: await output.locator(`[data-kind="${kind}"] code`).textContent(),
    request: redirect ? null : await output.locator('[data-kind="request"] code').textContent(),
    ...(await readChecks(output)),
  };
}
