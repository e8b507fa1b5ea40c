import { css } from 'lit';

export const styles = css`
  dl {
    margin: 0 0 var(--_space);
  }

  dl > div {
    display: grid;
    grid-template-columns: minmax(8rem, 14rem) 1fr;
    gap: 0.25rem var(--_space);
    padding: 0.375rem 0;
    border-bottom: 1px solid var(--guichet-color-border, #d0d7de);
  }

  dt {
    font-weight: 600;
  }

  dd {
    margin: 0;
    overflow-wrap: anywhere;
    white-space: pre-line;
  }

  .number {
    font-variant-numeric: tabular-nums;
  }

  .state {
    font-weight: 600;
  }

  .events {
    margin: 0;
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

  .event-author,
  .event-head time {
    color: var(--_muted);
  }

  .event-body {
    margin: 0.25rem 0 0;
    white-space: pre-line;
    overflow-wrap: anywhere;
  }

  @media (max-width: 30rem) {
    dl > div {
      grid-template-columns: 1fr;
    }
  }
`;
