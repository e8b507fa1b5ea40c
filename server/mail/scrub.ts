/**
 * A delivered mail's body as the outbox keeps it: the credentials in its links
 * (a ticket's access token, a signed ticket link, an address confirmation)
 * replaced, so the database holds no key to anyone's ticket once the mail left.
 * Every link Guichet writes carries them as `token=` or `confirm=` in the
 * fragment (`#ticket=…&token=…`, `#confirm=…&form=…`), `&amp;`-escaped in HTML.
 */
const credential = /([#&;?](?:token|confirm)=)[\w.~%-]+/g;

export const redacted = 'redacted';

export function withoutTokens(body: string): string {
  return body.replace(credential, `$1${redacted}`);
}
