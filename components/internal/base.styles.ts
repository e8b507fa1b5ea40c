import { css } from 'lit';

/**
 * What every component starts from. Host pages style `input`, `label`, `button`
 * globally; shadow DOM keeps those rules out, but inherited properties (font,
 * colour, line height, alignment, spacing) still flow in, so :host sets ours.
 */
export const baseStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--guichet-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif);
    font-size: var(--guichet-font-size, 1rem);
    font-weight: normal;
    font-style: normal;
    line-height: var(--guichet-line-height, 1.5);
    color: var(--guichet-color-text, #1f2328);
    text-align: start;
    text-transform: none;
    text-indent: 0;
    letter-spacing: normal;
    word-spacing: normal;
    white-space: normal;
    --_space: var(--guichet-spacing, 1rem);
    --_radius: var(--guichet-border-radius, 0.375rem);
    --_primary: var(--guichet-color-primary, #0b57d0);
    --_danger: var(--guichet-color-danger, #b3261e);
    --_muted: var(--guichet-color-muted, #545d68);
    --_focus: var(--guichet-focus-ring-color, #0b57d0);
    --_focus-width: var(--guichet-focus-ring-width, 3px);
  }

  :host([hidden]),
  [hidden] {
    display: none !important;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  :focus-visible {
    outline: var(--_focus-width) solid var(--_focus);
    outline-offset: 2px;
  }

  h2,
  h3 {
    margin: 0 0 calc(var(--_space) / 2);
    line-height: 1.25;
  }

  h2 {
    font-size: var(--guichet-heading-font-size, 1.375rem);
  }

  h3 {
    font-size: 1.125rem;
  }

  p {
    margin: 0 0 var(--_space);
  }

  a {
    color: var(--guichet-color-link, var(--_primary));
    text-decoration: underline;
    text-underline-offset: 0.15em;
  }

  .message {
    padding: var(--_space);
    border-radius: var(--_radius);
    border-inline-start: 0.3rem solid var(--_primary);
    background: var(--guichet-color-info-background, #eef3fc);
  }

  .message.alert {
    border-inline-start-color: var(--_danger);
    background: var(--guichet-color-danger-background, #fcefee);
  }

  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;
