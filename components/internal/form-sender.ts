import type { ReactiveControllerHost } from 'lit';
import type { LocalizeController } from './localize.ts';
import { errorText } from './templates.ts';

/**
 * Sends one of the host's forms at a time: busy meanwhile (the forms disable
 * their controls), the failure in words under the form that had it (what was
 * typed stays), then focus where the reader goes on — by default back in the
 * form's textarea, which lost focus while disabled. A plain helper rather than
 * a reactive controller: it needs none of the host's lifecycle.
 */
export class FormSender {
  busy = false;
  #alert?: { form: string; text: string };

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { renderRoot: HTMLElement | DocumentFragment },
    private readonly localize: LocalizeController,
  ) {}

  /** The last failure of the form with this class name; '' when it has none. */
  alert(form: string): string {
    return this.#alert?.form === form ? this.#alert.text : '';
  }

  /**
   * Sends `event`'s form through `work`, which gets the form's data and may
   * answer a selector (in the host's shadow root) to focus; else focus goes to
   * `fallback` inside the form (none when ''). Resolves with what `work`
   * answered, once the host has rendered and focus has moved.
   */
  async send(event: SubmitEvent, work: (data: FormData, form: HTMLFormElement) => Promise<string | void>, fallback = 'textarea'): Promise<string | void> {
    event.preventDefault();
    if (this.busy) return;
    const form = event.target as HTMLFormElement;
    let focus: string | void = undefined;
    this.busy = true;
    this.#alert = undefined;
    this.host.requestUpdate();
    try {
      focus = await work(new FormData(form), form);
    } catch (error) {
      this.#alert = { form: form.className, text: errorText(this.localize.term, error) };
    }
    this.busy = false;
    this.host.requestUpdate();
    await this.host.updateComplete;
    const target = focus || (fallback && `.${form.className} ${fallback}`);
    if (target) this.host.renderRoot.querySelector<HTMLElement>(target)?.focus();
    return focus;
  }
}
