import { define } from '../internal/define.ts';
import GuichetReopen from './reopen.component.ts';

export default GuichetReopen;
define('guichet-reopen', GuichetReopen);

declare global {
  interface HTMLElementTagNameMap {
    'guichet-reopen': GuichetReopen;
  }
}
