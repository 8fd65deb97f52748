import type { StaffOperations } from '@jiefen/sdk/staff';
import { html, nothing, type PropertyDeclarations, type TemplateResult } from 'lit';
import { createActor } from 'xstate';
import { DeskElement, type JfDeskActionSubmittedEvent } from '../desk-element.js';
import type { PayloadSchema } from '../forms/action-form.js';
import type { DeskSignedIn } from '../state/desk-session.js';
import { liveRecordMachine } from '../state/live-record.js';
import { ScreenActorController } from '../state/screen-actor.js';

/**
 * What a case page and a consultation page share: the record's live actor, the list of actions the
 * server allows this member now (`allowedEvents`), the generated form of the one opened, and the
 * announcement of what the server accepted. A subclass names its record and its event catalog.
 */
export abstract class RecordScreen<
  TRecord extends { allowedEvents: readonly string[] },
  TCommand extends { type: string },
> extends DeskElement {
  // Typed as the base declarations, so each screen can declare its own properties on top.
  static override properties: PropertyDeclarations = {
    signedIn: { attribute: false },
    pollMs: { type: Number, attribute: 'poll-ms' },
    open: { state: true },
    sent: { state: true },
  };

  declare signedIn: DeskSignedIn | undefined;
  declare pollMs: number;
  /** The action whose form is open. */
  declare open: string | undefined;
  /** The last action the server accepted (announced, and focused for screen readers). */
  declare sent: string | undefined;

  /** The record's number (case or consultation), empty until set. */
  protected abstract get recordNumber(): string;
  protected abstract loadRecord(staff: StaffOperations, number: string, signal: AbortSignal): Promise<TRecord>;
  protected abstract sendCommand(staff: StaffOperations, number: string, command: TCommand): Promise<TRecord>;
  /** The core's payload schema of an event, or undefined for one this screen does not offer. */
  protected abstract payloadOf(type: string): PayloadSchema | undefined;

  protected readonly record = new ScreenActorController(
    this,
    () => {
      const { signedIn } = this;
      const number = this.recordNumber;
      if (!signedIn || !number) return undefined;
      return createActor(liveRecordMachine<TRecord, TCommand>(), {
        input: {
          load: (signal) => this.loadRecord(signedIn.staff, number, signal),
          send: (command) => this.sendCommand(signedIn.staff, number, command),
          pollMs: this.pollMs,
        },
      });
    },
    () => this.recordNumber,
    {
      onEmitted: (event) => {
        this.open = undefined;
        this.sent = event.commandType;
        void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[data-sent]')?.focus());
      },
    },
  );

  constructor() {
    super();
    this.pollMs = 5000;
  }

  #openForm(type: string) {
    this.open = type;
    this.sent = undefined;
    this.record.current?.send({ type: 'record.dismiss' });
    // The form's first field takes focus, so a keyboard user goes on typing.
    void this.updateComplete.then(async () => {
      const form = this.renderRoot.querySelector('jf-desk-action-form');
      await form?.updateComplete;
      form?.shadowRoot?.querySelector<HTMLElement>('input, select, textarea')?.focus();
    });
  }

  #submitted(event: JfDeskActionSubmittedEvent) {
    event.stopPropagation();
    this.sent = undefined;
    this.record.current?.send({ type: 'record.send', command: event.detail.command as unknown as TCommand });
  }

  /** The confirmation of the last accepted action. */
  protected sentMessage(): TemplateResult | typeof nothing {
    return this.sent
      ? html`<p class="message success" role="status" tabindex="-1" data-sent>
          ${this.t('case.sent', { action: this.named('action', this.sent) })}
        </p>`
      : nothing;
  }

  /** The actions the record allows now, the open one's generated form, and `extra` (a supervisor's tools). */
  protected actionPanel(extra: TemplateResult | typeof nothing = nothing): TemplateResult {
    const record = this.record.current;
    const signedIn = this.signedIn;
    const detail = record?.snapshot.context.record;
    if (!record || !signedIn || !detail) return html``;
    const { refused } = record.snapshot.context;
    const member = signedIn.session.member;
    const actions = detail.allowedEvents.filter((type) => this.payloadOf(type) !== undefined);
    const schema = this.open && actions.includes(this.open) ? this.payloadOf(this.open) : undefined;
    return html`<section class="card" aria-labelledby="actions-title" data-actions>
      <h2 id="actions-title">${this.t('case.actions')}</h2>
      ${
        actions.length === 0
          ? html`<p>${this.t('case.no_actions')}</p>`
          : html`<ul class="row plain-list" role="list">
            ${actions.map(
              (type) => html`<li>
                <button type="button" data-action=${type} aria-expanded=${this.open === type ? 'true' : 'false'}
                  @click=${() => this.#openForm(type)}>${this.named('action', type)}</button>
              </li>`,
            )}
          </ul>`
      }
      ${
        schema
          ? html`<jf-desk-action-form
            .actionType=${this.open}
            .schema=${schema}
            .config=${signedIn.config}
            .ownDepartment=${member.role === 'department_handler' ? member.departmentId : undefined}
            .refusal=${refused && refused.type === this.open ? refused.error : undefined}
            .busy=${record.snapshot.matches('sending')}
            @jf-desk-action-submitted=${this.#submitted}
            @cancel=${() => {
              this.open = undefined;
            }}
          ></jf-desk-action-form>`
          : nothing
      }
      ${extra}
    </section>`;
  }
}
