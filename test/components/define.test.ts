import { expect } from '@open-wc/testing';
import '../../components/index.ts';
import GuichetRequestForm from '../../components/request-form/request-form.component.ts';
import { define } from '../../components/internal/define.ts';

describe('define', () => {
  it('warns instead of breaking the page when another copy of Guichet already defined the tag', () => {
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      define('guichet-request-form', class OtherCopy extends HTMLElement {});
      define('guichet-request-form', GuichetRequestForm);
    } finally {
      console.warn = warn;
    }
    expect(customElements.get('guichet-request-form')).to.equal(GuichetRequestForm);
    expect(warnings).to.have.length(1);
    expect(String(warnings[0]![0])).to.match(/^guichet:W001 <guichet-request-form> is already defined/);
  });

  it('configures zod without eval, for pages with a strict Content-Security-Policy', async () => {
    const z = await import('zod/mini');
    expect(z.config().jitless).to.equal(true);
  });
});
