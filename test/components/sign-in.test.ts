// Signing in from a department page: a visitor without an identity, on a form
// that needs one, gets a link to the institution's login page (GUICHET_LOGIN_URL,
// from the server) that brings them back to this page.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../components/index.ts';
import { de } from '../../components/locales/de.ts';
import { en } from '../../components/locales/en.ts';
import { fr } from '../../components/locales/fr.ts';
import { API, apiAs, loaded, root, SIGN_IN_API, signInTemplate, textOf } from './support.ts';

async function openForm(api: string, form: string, options: { user?: string; lang?: string } = {}): Promise<HTMLElement> {
  const el = await fixture<HTMLElement>(html`<guichet-request-form form=${form} api=${api} lang=${options.lang ?? 'en'} dev-user=${options.user ?? ''}></guichet-request-form>`);
  if (options.lang && options.lang !== 'en') {
    await waitUntil(() => root(el).querySelector('form, [part="sign-in-button"], [part="sign-in-missing"]'), 'the form did not load', { timeout: 5000 });
  } else {
    await loaded(el);
  }
  return el;
}

const signInLink = (el: HTMLElement) => root(el).querySelector<HTMLAnchorElement>('a[part="sign-in-button"]');

afterEach(() => {
  history.replaceState(null, '', location.pathname + location.search);
});

describe('signing in from a department page', () => {
  it('links a visitor without an identity to the login page, with this page as the way back', async () => {
    // The page's whole address comes back, fragment included, URL-encoded into the template.
    history.replaceState(null, '', `${location.pathname}${location.search}#order`);
    const el = await openForm(SIGN_IN_API, 'software-order');
    expect(textOf(el, '[role="status"]')).to.equal(en.signInNeeded);
    const link = signInLink(el);
    expect(link?.textContent?.trim()).to.equal(en.signIn);
    expect(link!.href).to.equal(signInTemplate.replace('{return}', encodeURIComponent(location.href)));
    expect(new URL(link!.href).searchParams.get('target')).to.equal(location.href);
    expect(location.href).to.contain('#order');
    expect(root(el).querySelector('form')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('names the link in the page’s language', async () => {
    for (const [lang, words] of [['fr', fr], ['de', de]] as const) {
      const el = await openForm(SIGN_IN_API, 'software-order', { lang });
      expect(signInLink(el)?.textContent?.trim(), lang).to.equal(words.signIn);
      expect(textOf(el, '[role="status"]'), lang).to.equal(words.signInNeeded);
    }
  });

  it('shows no link to someone signed in, nor on a form open to anonymous requesters', async () => {
    const alice = await openForm(SIGN_IN_API, 'software-order', { user: 'alice' });
    expect(root(alice).querySelector('form')).to.exist;
    expect(signInLink(alice)).to.equal(null);
    const guest = await openForm(SIGN_IN_API, 'guest-wifi');
    expect(root(guest).querySelector('form')).to.exist;
    expect(signInLink(guest)).to.equal(null);
  });

  it('says, in the server’s words, that the service has no sign-in configured when it names no login page', async () => {
    const el = await openForm(API, 'software-order');
    expect(textOf(el, '[role="status"]')).to.equal(en.signInNeeded);
    expect(signInLink(el)).to.equal(null);
    const { body } = await apiAs<{ error: { message: string } }>(undefined, '/api/forms/software-order/eligibility?lang=en');
    expect(body.error.message).to.match(/no sign-in page/);
    expect(textOf(el, '[part="sign-in-missing"]')).to.equal(body.error.message);
    await expect(el).to.be.accessible();
  });
});
