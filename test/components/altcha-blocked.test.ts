// A page whose Content Security Policy refuses workers: the ALTCHA check cannot
// run there, so an anonymous visitor could never send the form. The form says
// so in the visitor's language, and whom to tell, besides the W005 warning.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../components/index.ts';
import type GuichetRequestForm from '../../components/request-form/request-form.component.ts';
import { anonymousWords } from '../../components/request-form/anonymous-words.ts';
import { API, loaded, root } from './support.ts';

// This test file's page only: a policy inserted in <head> applies from then on, as a department's page would send it.
const policy = document.createElement('meta');
policy.httpEquiv = 'Content-Security-Policy';
policy.content = "worker-src 'none'";
document.head.append(policy);

/** The form's message that the check cannot run here (next to the check, under its own id). */
const blockedMessage = (el: HTMLElement) => root(el).getElementById('altcha__blocked');

const warnings: string[] = [];
const warn = console.warn;
before(() => {
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
    warn(...args);
  };
});
after(() => {
  console.warn = warn;
});

describe('a page whose CSP refuses the ALTCHA worker', () => {
  for (const lang of ['fr', 'en', 'de'] as const) {
    it(`tells the visitor in the form, in ${lang}, that the check cannot run on this page and whom to tell`, async () => {
      const el = await fixture<GuichetRequestForm>(html`<guichet-request-form form="guest-wifi" api=${API} lang=${lang}></guichet-request-form>`);
      await loaded(el);
      await waitUntil(() => root(el).querySelector('altcha-widget input[type="checkbox"]'), 'the ALTCHA widget shows its box', { timeout: 10_000 });
      expect(blockedMessage(el) === null, 'nothing is said before the check is tried').to.equal(true);

      root(el).querySelector<HTMLInputElement>('altcha-widget input[type="checkbox"]')!.click();
      await waitUntil(() => blockedMessage(el), 'the form says the check cannot run', { timeout: 10_000 });
      const message = blockedMessage(el)!;
      expect(message.getAttribute('role')).to.equal('alert');
      expect(message.textContent!.trim()).to.equal(anonymousWords[lang].altchaBlocked);
      expect(message.checkVisibility(), 'the message is visible').to.equal(true);
      expect(message.getBoundingClientRect().height).to.be.greaterThan(0);
      // Next to the check it is about, inside the form.
      expect(message.closest('form') === root(el).querySelector('form')).to.equal(true);
      expect(warnings.some((w) => w.includes('guichet:W005') && w.includes('ALTCHA worker'))).to.equal(true);
    });
  }
});
