import { define } from '../internal/define.ts';
import GuichetMyRequests from './my-requests.component.ts';

export default GuichetMyRequests;
define('guichet-my-requests', GuichetMyRequests);

declare global {
  interface HTMLElementTagNameMap {
    'guichet-my-requests': GuichetMyRequests;
  }
}
