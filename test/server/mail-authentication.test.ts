import assert from 'node:assert/strict';
import { test } from 'node:test';
import { vouchedFor } from '../../server/mail/authentication.ts';

/** The MTA's verdict on a From, as Authentication-Results headers (topmost first) carry it. */
const headers = (...values: string[]) => values.map((value) => ({ key: 'authentication-results', line: `Authentication-Results: ${value}` }));
const trusted = ['mx.example.edu'];

test('dmarc=pass from a trusted authserv-id vouches for the From', () => {
  assert.equal(vouchedFor(headers('mx.example.edu; spf=pass smtp.mailfrom=example.edu; dmarc=pass (p=reject dis=none) header.from=example.edu'), 'alice@example.edu', trusted), true);
});

test('dkim=pass counts when its signing domain is aligned with the From’s (the same, or a parent)', () => {
  assert.equal(vouchedFor(headers('mx.example.edu; dkim=pass (2048-bit key) header.d=example.edu header.s=s1'), 'alice@students.example.edu', trusted), true);
  assert.equal(vouchedFor(headers('mx.example.edu; dkim=pass header.d=mailer.evil.example header.s=s1'), 'alice@example.edu', trusted), false, 'a valid signature of another domain');
  assert.equal(vouchedFor(headers('mx.example.edu; dkim=pass header.d=ample.edu'), 'alice@example.edu', trusted), false, 'a suffix that is not a parent domain');
});

test('a dmarc=pass for another From domain, a fail, or no verdict vouch for nothing', () => {
  assert.equal(vouchedFor(headers('mx.example.edu; dmarc=pass header.from=evil.example'), 'alice@example.edu', trusted), false);
  assert.equal(vouchedFor(headers('mx.example.edu; dmarc=fail header.from=example.edu'), 'alice@example.edu', trusted), false);
  assert.equal(vouchedFor(headers('mx.example.edu; none'), 'alice@example.edu', trusted), false);
});

test('only the topmost header of a trusted authserv-id counts; untrusted ones and trust by default count for nothing', () => {
  assert.equal(vouchedFor(headers('mx.example.edu; dmarc=fail header.from=example.edu', 'mx.example.edu; dmarc=pass header.from=example.edu'), 'alice@example.edu', trusted), false);
  assert.equal(vouchedFor(headers('mx.evil.example; dmarc=pass header.from=example.edu'), 'alice@example.edu', trusted), false);
  assert.equal(vouchedFor(headers('mx.example.edu; dmarc=pass header.from=example.edu'), 'alice@example.edu', []), false, 'nothing is trusted unless configured');
  assert.equal(vouchedFor(headers('MX.Example.EDU 1; dmarc=pass header.from=example.edu'), 'alice@example.edu', trusted), true, 'authserv-id without case, with a version');
});

test('comments, even nested, and folded lines do not fool the reading', () => {
  assert.equal(vouchedFor(headers('mx.example.edu; dmarc=fail (said dmarc=pass (really)) header.from=example.edu'), 'alice@example.edu', trusted), false);
  assert.equal(vouchedFor(headers('mx.example.edu;\r\n\tdkim=pass header.d=example.edu;\r\n\tdmarc=pass header.from=example.edu'), 'alice@example.edu', trusted), true);
});
