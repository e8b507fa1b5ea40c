import { css } from 'lit';

export const styles = css`
  .description,
  .legend,
  .help {
    color: var(--_muted);
  }

  .legend {
    font-size: 0.875em;
  }

  form {
    display: block;
    margin: 0;
    padding: 0;
    border: 0;
    background: none;
  }

  .field {
    display: block;
    margin: 0 0 var(--_space);
    padding: 0;
    border: 0;
    min-inline-size: 0;
  }

  label,
  legend {
    display: block;
    margin: 0 0 0.25rem;
    padding: 0;
    font: inherit;
    font-weight: 600;
    color: inherit;
    background: none;
    border: 0;
    float: none;
    text-transform: none;
  }

  .choice {
    display: flex;
    align-items: flex-start;
    gap: 0.5rem;
    margin: 0.25rem 0;
  }

  .choice label {
    font-weight: normal;
    margin: 0;
  }

  .required {
    color: var(--_danger);
  }

  .help {
    margin: 0 0 0.375rem;
    font-size: 0.875em;
  }

  .error {
    color: var(--_danger);
    font-weight: 600;
    font-size: 0.9375em;
  }

  .error:not(:empty) {
    margin-top: 0.25rem;
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
    letter-spacing: normal;
    text-transform: none;
    color: var(--guichet-input-color, inherit);
    background: var(--guichet-input-background, #fff);
    border: 1px solid var(--guichet-input-border-color, #6e7781);
    border-radius: var(--_radius);
    box-shadow: none;
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

  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible {
    border-color: var(--guichet-input-border-color-focus, var(--_primary));
  }

  [aria-invalid='true']:not([type='checkbox'], [type='radio']) {
    border-color: var(--guichet-input-border-color-invalid, var(--_danger));
    border-width: 2px;
  }

  .invalid {
    border-inline-start: 3px solid var(--_danger);
    padding-inline-start: 0.75rem;
  }

  .error-summary {
    margin: 0 0 var(--_space);
    padding: var(--_space);
    border: 3px solid var(--_danger);
    border-radius: var(--_radius);
  }

  .error-summary ul {
    margin: 0;
    padding-inline-start: 1.25rem;
  }

  .error-summary a {
    color: var(--_danger);
    font-weight: 600;
  }

  [role='alert']:not(:empty) {
    margin: 0 0 var(--_space);
  }

  .submit {
    display: inline-block;
    margin: 0;
    padding: 0.625rem 1.25rem;
    font: inherit;
    font-weight: 600;
    line-height: 1.25;
    letter-spacing: normal;
    text-transform: none;
    color: var(--guichet-color-primary-text, #fff);
    background: var(--_primary);
    border: 0;
    border-radius: var(--_radius);
    box-shadow: none;
    cursor: pointer;
  }

  .submit:hover {
    filter: brightness(0.92);
  }

  .submit[aria-disabled='true'] {
    cursor: progress;
  }

  .success {
    padding: var(--_space);
    border-inline-start: 0.3rem solid var(--guichet-color-success, #1e6b34);
    border-radius: var(--_radius);
    background: var(--guichet-color-success-background, #edf7ef);
  }

  .success p:last-child {
    margin-bottom: 0;
  }

  .number {
    font-variant-numeric: tabular-nums;
    letter-spacing: 0.02em;
  }
`;
