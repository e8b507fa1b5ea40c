import { css } from 'lit';

/**
 * The one stylesheet every component starts from: host reset, text, messages,
 * native controls, the button, panels and the history list. Shadow DOM keeps
 * the host page's rules out, but inherited properties (font, colour, line
 * height, alignment, spacing) still flow in, so :host sets ours; nothing else
 * needs resetting. Each component's own sheet adds only what is its alone.
 */
export const baseStyles = css`
  :host {
    display: block;
    font: normal var(--guichet-font-size, 1rem) / var(--guichet-line-height, 1.5) var(--guichet-font-family, system-ui, sans-serif);
    color: var(--guichet-color-text, #1f2328);
    text-align: start;
    text-transform: none;
    letter-spacing: normal;
    white-space: normal;
    --_space: var(--guichet-spacing, 1rem);
    --_radius: var(--guichet-border-radius, 0.375rem);
    --_primary: var(--guichet-color-primary, #0b57d0);
    --_danger: var(--guichet-color-danger, #b3261e);
    --_muted: var(--guichet-color-muted, #545d68);
    --_border: 1px solid var(--guichet-color-border, #d0d7de);
  }

  :host,
  * {
    box-sizing: border-box;
  }

  :host([hidden]),
  [hidden] {
    display: none !important;
  }

  :focus-visible {
    outline: var(--guichet-focus-ring-width, 3px) solid var(--guichet-focus-ring-color, #0b57d0);
    outline-offset: 2px;
  }

  h2,
  h3 {
    margin: 0 0 calc(var(--_space) / 2);
    line-height: 1.25;
    font-size: 1.125rem;
  }

  h2 {
    font-size: var(--guichet-heading-font-size, 1.375rem);
  }

  p,
  form,
  fieldset,
  [role='alert']:not(:empty),
  form > textarea {
    margin: 0 0 var(--_space);
  }

  a {
    color: var(--guichet-color-link, var(--_primary));
    text-underline-offset: 0.15em;
  }

  .muted {
    color: var(--_muted);
  }

  .number {
    font-variant-numeric: tabular-nums;
  }

  .message,
  .success {
    padding: var(--_space);
    border-radius: var(--_radius);
    border-inline-start: 0.3rem solid var(--_primary);
    background: var(--guichet-color-info-background, #eef3fc);
  }

  .alert {
    border-color: var(--_danger);
    background: var(--guichet-color-danger-background, #fcefee);
  }

  .success {
    border-color: var(--guichet-color-success, #1e6b34);
    background: var(--guichet-color-success-background, #edf7ef);
  }

  .success p:last-child {
    margin: 0;
  }

  fieldset,
  legend {
    padding: 0;
    border: 0;
    min-inline-size: 0;
  }

  label,
  legend {
    display: block;
    margin: 0 0 0.25rem;
    font-weight: 600;
  }

  .choice {
    display: flex;
    align-items: flex-start;
    gap: 0.5rem;
    margin: 0.25rem 0;
  }

  .choice,
  .choice label {
    font-weight: normal;
  }

  .choice label {
    margin: 0;
  }

  input:not([type='checkbox'], [type='radio']),
  select,
  textarea {
    display: block;
    inline-size: 100%;
    max-inline-size: var(--guichet-input-max-width, 36rem);
    margin: 0;
    padding: 0.5rem 0.625rem;
    font: inherit;
    line-height: 1.4;
    color: var(--guichet-input-color, inherit);
    background: var(--guichet-input-background, #fff);
    border: 1px solid var(--guichet-input-border-color, #6e7781);
    border-radius: var(--_radius);
  }

  textarea {
    resize: vertical;
    min-block-size: 6rem;
  }

  input[type='checkbox'],
  input[type='radio'] {
    inline-size: 1.125rem;
    block-size: 1.125rem;
    margin: 0.2rem 0 0;
    flex: none;
    accent-color: var(--_primary);
  }

  :focus-visible:is(input, select, textarea) {
    border-color: var(--guichet-input-border-color-focus, var(--_primary));
  }

  .submit {
    padding: 0.625rem 1.25rem;
    font: inherit;
    font-weight: 600;
    line-height: 1.25;
    color: var(--guichet-color-primary-text, #fff);
    background: var(--_primary);
    border: 0;
    border-radius: var(--_radius);
    cursor: pointer;
  }

  .submit:hover {
    filter: brightness(0.92);
  }

  .submit:disabled,
  .submit[aria-disabled='true'] {
    cursor: progress;
  }

  .events {
    padding-inline-start: 1.25rem;
  }

  .events li {
    margin: 0 0 calc(var(--_space) / 2);
  }

  .event-head {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.75rem;
  }

  .event-type {
    font-weight: 600;
  }

  .event-body {
    margin: 0.25rem 0 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }

  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
