import { define } from '../internal/define.ts';
import GuichetAgentInbox from './agent-inbox.component.ts';

export default GuichetAgentInbox;
define('guichet-agent-inbox', GuichetAgentInbox);

declare global {
  interface HTMLElementTagNameMap {
    'guichet-agent-inbox': GuichetAgentInbox;
  }
}
