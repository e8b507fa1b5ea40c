import { define } from '../internal/define.ts';
import GuichetQueueReport from './queue-report.component.ts';

export default GuichetQueueReport;
define('guichet-queue-report', GuichetQueueReport);

declare global {
  interface HTMLElementTagNameMap {
    'guichet-queue-report': GuichetQueueReport;
  }
}
