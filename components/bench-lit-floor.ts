// The embed benchmark's floor: lit alone, one element, built with the embed's
// own Vite settings. Build it with
//   GUICHET_BUILD=lit-floor npx vite build --config components/vite.config.ts && GUICHET_BUILD=lit-floor node --import tsx components/report-size.ts
// Whatever the embed weighs above this is ours (plus ky and zod).
import { LitElement, css, html } from 'lit';

class GuichetLitFloor extends LitElement {
  static override properties = { name: {} };
  static override styles = css`:host{display:block}`;
  declare name: string;

  override render() {
    return html`<p>${this.name}</p>`;
  }
}

customElements.define('guichet-lit-floor', GuichetLitFloor);
