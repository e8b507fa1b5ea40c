import { css } from 'lit';

export const styles = css`
  .period {
    display: flex;
    flex-wrap: wrap;
    align-items: end;
    gap: calc(var(--_space) / 2);
  }

  .period input {
    inline-size: auto;
  }

  .queue {
    margin-block: var(--_space);
    padding-block-start: var(--_space);
    border-top: var(--_border);
  }

  .figures {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr));
    gap: calc(var(--_space) / 2) var(--_space);
    margin: 0 0 var(--_space);
  }

  dt {
    color: var(--_muted);
  }

  dd {
    margin: 0;
  }

  .value {
    font-size: 1.25rem;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }

  figure {
    margin: 0 0 var(--_space);
  }

  .chart {
    display: block;
    inline-size: 100%;
    block-size: 6rem;
  }

  .duration-rows {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem var(--_space);
    align-items: center;
  }

  .chart.durations {
    block-size: 1.5rem;
  }

  .duration-rows figcaption {
    grid-column: 1 / -1;
  }

  .created,
  .median {
    fill: var(--_primary);
    background: var(--_primary);
  }

  .closed,
  .p90 {
    fill: var(--guichet-color-chart-secondary, #8c959f);
    background: var(--guichet-color-chart-secondary, #8c959f);
  }

  .axis {
    stroke: var(--guichet-color-border, #d0d7de);
  }

  .key {
    display: inline-block;
    inline-size: 0.75em;
    block-size: 0.75em;
    margin-inline: 0.5em 0.25em;
  }
`;
