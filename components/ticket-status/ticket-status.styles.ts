import { css } from 'lit';

/** The summary and data lists; the history and the message form are in the base sheet. */
export const styles = css`
  dl {
    margin: 0 0 var(--_space);
  }

  dl > div {
    display: grid;
    grid-template-columns: minmax(8rem, 14rem) 1fr;
    gap: 0.25rem var(--_space);
    padding: 0.375rem 0;
    border-bottom: var(--_border);
  }

  dt,
  .state {
    font-weight: 600;
  }

  dd {
    margin: 0;
    overflow-wrap: anywhere;
    white-space: pre-line;
  }

  .approval-steps {
    margin: 0 0 var(--_space);
    padding-inline-start: 1.5rem;
  }

  .approval-steps .current {
    font-weight: 600;
  }

  .approval-steps .cancelled {
    color: var(--_muted, inherit);
  }

  @media (max-width: 30rem) {
    dl > div {
      grid-template-columns: 1fr;
    }
  }
`;
