import { expect } from '@open-wc/testing';
import { uuid } from '../../components/internal/api.ts';
import { ticketLink } from '../../components/internal/url.ts';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('internal pieces', () => {
  it('makes idempotency keys on plain-http intranet pages too, where crypto.randomUUID is missing', () => {
    expect(uuid()).to.match(V4);
    const secure = Object.getOwnPropertyDescriptor(window, 'isSecureContext');
    Object.defineProperty(window, 'isSecureContext', { value: false, configurable: true });
    try {
      const keys = new Set([uuid(), uuid(), uuid()]);
      expect(keys.size).to.equal(3);
      for (const key of keys) expect(key.toLowerCase()).to.match(V4);
    } finally {
      if (secure) Object.defineProperty(window, 'isSecureContext', secure);
      else delete (window as { isSecureContext?: boolean }).isSecureContext;
    }
    expect(window.isSecureContext).to.equal(true);
  });

  it('puts the ticket and its token in the status page’s fragment, never in its query', () => {
    expect(ticketLink('https://it.example.edu/suivi?x=1#old', '2026-000042', 'a+b/c')).to.equal('https://it.example.edu/suivi?x=1#ticket=2026-000042&token=a%2Bb%2Fc');
    expect(ticketLink('https://it.example.edu/suivi', '2026-000042')).to.equal('https://it.example.edu/suivi#ticket=2026-000042');
  });
});
