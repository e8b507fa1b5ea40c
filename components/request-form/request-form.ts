import { define } from '../internal/define.ts';
import GuichetRequestForm from './request-form.component.ts';

export default GuichetRequestForm;
define('guichet-request-form', GuichetRequestForm);

declare global {
  interface HTMLElementTagNameMap {
    'guichet-request-form': GuichetRequestForm;
  }
}
