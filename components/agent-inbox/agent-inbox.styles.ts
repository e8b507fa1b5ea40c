import { css } from 'lit';

/** The workspace's two panes, the queue buttons, the ticket list and the action forms. */
export const styles = css`
  .workspace {
    display: grid;
    grid-template-columns: minmax(18rem, 26rem) 1fr;
    gap: calc(var(--_space) * 1.5);
    align-items: start;
  }

  @media (max-width: 60rem) {
    .workspace {
      grid-template-columns: 1fr;
    }
  }

  .queues {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    margin: 0 0 var(--_space);
  }

  button {
    font: inherit;
  }

  .queue,
  .secondary,
  .link {
    padding: 0.5rem 0.75rem;
    color: var(--_primary);
    background: #fff;
    border: 1px solid var(--_primary);
    border-radius: var(--_radius);
    cursor: pointer;
    text-align: start;
  }

  .queue[aria-pressed='true'] {
    color: var(--guichet-color-primary-text, #fff);
    background: var(--_primary);
  }

  .queue-name {
    display: block;
    font-weight: 600;
  }

  .counts {
    font-size: 0.875rem;
  }

  .link {
    border-color: transparent;
    padding-inline: 0;
    text-decoration: underline;
  }

  .tools {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    justify-content: space-between;
    gap: var(--_space);
  }

  .live {
    font-size: 0.875rem;
    color: var(--_muted);
  }

  .live.on::before {
    content: '● ';
    color: var(--guichet-color-success, #1e6b34);
  }

  .hint {
    font-size: 0.875rem;
  }

  .list {
    margin: 0;
    padding: 0;
    list-style: none;
    border: var(--_border);
    border-radius: var(--_radius);
    max-block-size: 70vh;
    overflow-y: auto;
  }

  .row {
    display: block;
    padding: 0.5rem 0.75rem;
    border-bottom: var(--_border);
    cursor: pointer;
  }

  .row:last-child {
    border-bottom: 0;
  }

  .row:hover {
    background: var(--guichet-color-info-background, #eef3fc);
  }

  .row[aria-selected='true'] {
    border-inline-start: 0.3rem solid var(--_primary);
    background: var(--guichet-color-info-background, #eef3fc);
  }

  .row:focus-visible {
    outline-offset: -3px;
  }

  .row-head,
  .row-meta {
    display: block;
  }

  .row-head .number {
    font-weight: 600;
  }

  .row-meta {
    font-size: 0.875rem;
  }

  .held {
    font-weight: 600;
  }

  .overdue {
    color: var(--_danger);
  }

  .awaiting {
    color: var(--_muted);
  }

  .approvals ol {
    margin: 0 0 var(--_space);
    padding-inline-start: 1.5rem;
  }

  .approvals .current {
    font-weight: 600;
  }

  .unanswered-list {
    list-style: none;
    margin: 0;
    padding: 0;
  }

  .facts {
    margin: 0 0 var(--_space);
  }

  .facts > div {
    display: grid;
    grid-template-columns: minmax(8rem, 12rem) 1fr;
    gap: 0.25rem var(--_space);
    padding: 0.25rem 0;
    border-bottom: var(--_border);
  }

  dt {
    font-weight: 600;
  }

  dd {
    margin: 0;
    /* Between words; inside one only when it cannot fit a line by itself (anywhere also shrank the column, so every address broke). */
    overflow-wrap: break-word;
    white-space: pre-line;
  }

  .columns {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: calc(var(--_space) * 1.5);
  }

  @media (max-width: 80rem) {
    .columns {
      grid-template-columns: 1fr;
    }
  }

  .actions form {
    padding: var(--_space);
    border: var(--_border);
    border-radius: var(--_radius);
  }

  .actions label:not(.choice label) {
    margin-block-start: 0.5rem;
  }

  .actions select,
  .actions input,
  .actions textarea {
    margin-block-end: 0.5rem;
  }

  .canned {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: 0.5rem;
    margin-block-end: 0.5rem;
  }

  .canned > div {
    flex: 1 1 12rem;
  }

  .reason .submit {
    background: var(--_danger);
  }

  .internal {
    padding: 0.25rem 0.5rem;
    border-inline-start: 0.3rem solid var(--guichet-color-internal, #8a6d00);
    background: var(--guichet-color-internal-background, #fff8e1);
  }

  .badge {
    padding: 0 0.4rem;
    font-size: 0.8125rem;
    font-weight: 600;
    border: 1px solid currentColor;
    border-radius: 1rem;
  }
`;
