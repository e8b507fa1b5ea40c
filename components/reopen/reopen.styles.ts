import { css } from 'lit';

/** The two answers one under the other, each under a rule; the rest is in the base sheet. */
export const styles = css`
  form {
    padding-top: var(--_space);
    border-top: var(--_border);
  }

  fieldset .choice {
    display: inline-flex;
    margin-inline-end: 1rem;
  }
`;
