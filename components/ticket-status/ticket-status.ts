import { define } from '../internal/define.ts';
import GuichetTicketStatus from './ticket-status.component.ts';

export default GuichetTicketStatus;
define('guichet-ticket-status', GuichetTicketStatus);

declare global {
  interface HTMLElementTagNameMap {
    'guichet-ticket-status': GuichetTicketStatus;
  }
}
