import type { Config } from '../config.ts';

/**
 * What a production start-up says about signing in: a service where nobody
 * can be identified, or where the forms cannot send a visitor to the login
 * page, starts (an operator may be staging it) but says so in its log.
 */
export function identityWarnings(config: Config): string[] {
  if (config.mode === 'dev') return [];
  const warnings: string[] = [];
  const headers = config.identity.includes('header') && config.ssoProxies.length > 0;
  const oidc = config.identity.includes('oidc');
  if (!headers && !oidc) {
    warnings.push(
      'no identity source: GUICHET_SSO_PROXIES is unset and GUICHET_IDENTITY does not name oidc, so nobody is ever signed in and every form that needs an identity tells its visitors to sign in',
    );
  }
  if (!config.loginUrl) {
    warnings.push('GUICHET_LOGIN_URL is unset: a form that needs an identity tells a visitor without one to sign in, but shows no sign-in button');
  }
  return warnings;
}
