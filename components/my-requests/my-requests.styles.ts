import { css } from 'lit';

export const styles = css`
  .list {
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .list li {
    padding: 0.5rem 0;
    border-bottom: var(--_border);
  }

  .list a,
  .state {
    font-weight: 600;
  }
`;
