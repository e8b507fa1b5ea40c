// Signing in from a department page, in Chromium: a visitor without an identity
// opens the software order (staff only), follows the form's sign-in link to the
// institution's login page (GUICHET_LOGIN_URL), which receives the page's
// address as its return target, signs them in and sends them back: the form
// is there.
//
// The institution's login page is played by a small HTTP server on another
// port of localhost (the same site as the demo, as a university's SSO on a
// sibling host is): it records what it was asked, sets the demo identity cookie
// as the real SSO session cookie would be set, and redirects to the target.

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { fr } from '../../components/locales/fr.ts';
import { formDefinition, launchBrowser, onDemo, startServer, type RunningServer } from './support.ts';

let login: Server;
let loginUrl: string;
/** The return targets the login page was given, in order. */
const targets: string[] = [];
let server: RunningServer;
let browser: Browser;

before(async () => {
  login = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/Shibboleth.sso/Login') {
      response.writeHead(404).end();
      return;
    }
    const target = url.searchParams.get('target') ?? '';
    targets.push(target);
    // Only back to the Guichet demo: an open redirect is what a real session initiator refuses too.
    if (!target.startsWith(`${server.url}/`)) {
      response.writeHead(400).end('unknown target');
      return;
    }
    response.writeHead(302, { 'Set-Cookie': 'guichet_dev_user=alice; Path=/; SameSite=Lax', Location: target }).end();
  });
  await new Promise<void>((resolve) => login.listen(0, resolve));
  loginUrl = `http://localhost:${(login.address() as AddressInfo).port}/Shibboleth.sso/Login?target={return}`;
  server = await startServer({ GUICHET_LOGIN_URL: loginUrl });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise<void>((resolve) => login.close(() => resolve()));
});

test('a visitor without an identity signs in from the department page and comes back to the form', async () => {
  const order = await formDefinition('software-order');
  await onDemo(browser, server, 'sign-in-story', {}, async ({ page, cspViolations, pageErrors }) => {
    const pageAddress = `${server.url}/software.html#order`;
    await page.goto(pageAddress);
    const form = page.locator('guichet-request-form');
    await form.getByText(fr.signInNeeded).waitFor();
    const signIn = form.getByRole('link', { name: fr.signIn });
    assert.equal(await signIn.getAttribute('href'), loginUrl.replace('{return}', encodeURIComponent(pageAddress)));
    assert.equal(await form.getByLabel(order.fields[0]!.label.fr).count(), 0, 'no form before signing in');

    await signIn.click();
    // Back on the same page, signed in: the form shows.
    await form.getByLabel(order.fields[0]!.label.fr).waitFor();
    assert.deepEqual(targets, [pageAddress], 'the login page was given the page’s address as its return target');
    assert.equal(page.url(), pageAddress);
    assert.equal(await form.getByRole('link', { name: fr.signIn }).count(), 0);
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(pageErrors, []);
  });
});
