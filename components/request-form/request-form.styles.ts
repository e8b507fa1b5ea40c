import { css } from 'lit';

/** What only the request form has; controls, the button and the success panel are in the base sheet. */
export const styles = css`
  .field {
    margin: 0 0 var(--_space);
  }

  .description,
  .legend,
  .help {
    color: var(--_muted);
  }

  .legend,
  .help {
    font-size: 0.875em;
  }

  .help {
    margin: 0 0 0.375rem;
  }

  .required,
  .error {
    color: var(--_danger);
  }

  .error {
    font-weight: 600;
    font-size: 0.9375em;
  }

  .error:not(:empty) {
    margin-top: 0.25rem;
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

  /* The sign-in link looks like the submit button: it is the one thing to do. */
  .sign-in {
    display: inline-block;
    text-decoration: none;
  }

  .error-summary a {
    color: var(--_danger);
    font-weight: 600;
  }
`;
