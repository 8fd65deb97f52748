import {
  IssueStaffTokenSchema,
  type StaffMemberDetail,
  type StaffMemberInput,
  StaffMemberInputSchema,
  type WebhookDelivery,
  WebhookInputSchema,
  type WebhookSubscription,
} from '@jiefen/core';
import { type ErrorView, toErrorView } from '@jiefen/sdk';
import { html, nothing } from 'lit';
import { createActor } from 'xstate';
import { DeskElement, type JfDeskActionSubmittedEvent } from '../desk-element.js';
import type { DeskSignedIn } from '../state/desk-session.js';
import { liveListMachine } from '../state/live-list.js';
import { ScreenActorController } from '../state/screen-actor.js';

/**
 * `<jf-desk-admin>`: the administrator's screen: staff members and their tokens (create, issue a
 * token shown once, revoke, disable, enable) and webhook subscriptions with their delivery log.
 * The create and issue forms are generated from the core's account schemas like the action forms.
 */
export class JfDeskAdmin extends DeskElement {
  static override properties = {
    signedIn: { attribute: false },
    pollMs: { type: Number, attribute: 'poll-ms' },
    selected: { state: true },
    issued: { state: true },
    secret: { state: true },
    deliveries: { state: true },
    problem: { state: true },
    creating: { state: true },
    busy: { state: true },
  };

  declare signedIn: DeskSignedIn | undefined;
  declare pollMs: number;
  declare selected: StaffMemberDetail | undefined;
  declare issued: string | undefined;
  declare secret: string | undefined;
  declare deliveries: { webhook: WebhookSubscription; items: WebhookDelivery[] } | undefined;
  declare problem: { form: string; error: ErrorView } | undefined;
  declare creating: 'member' | 'token' | 'webhook' | undefined;
  declare busy: boolean;

  /** Only an administrator's session loads these lists (the server would refuse anyone else). */
  #adminList<T>(load: (signedIn: DeskSignedIn, signal: AbortSignal) => Promise<T[]>) {
    return new ScreenActorController(this, () => {
      const signedIn = this.signedIn;
      if (signedIn?.session.member.role !== 'admin') return undefined;
      return createActor(liveListMachine<T, object>(), {
        input: { load: (_filters, signal) => load(signedIn, signal), filters: {}, pollMs: this.pollMs },
      });
    });
  }
  readonly #memberList = this.#adminList(
    async (signedIn, signal) => (await signedIn.staff.listMembers({ includeDisabled: true }, { signal })).items,
  );
  readonly #webhookList = this.#adminList(
    async (signedIn, signal) => (await signedIn.staff.listWebhooks({ signal })).items,
  );
  get #members() {
    return this.#memberList.current;
  }
  get #webhooks() {
    return this.#webhookList.current;
  }

  constructor() {
    super();
    this.pollMs = 15_000;
    this.busy = false;
  }

  /** Run one account call; a refusal is shown on the form that asked. */
  async #run(form: string, call: () => Promise<void>) {
    this.busy = true;
    this.problem = undefined;
    try {
      await call();
      // Only the form that asked closes (another may have been opened meanwhile).
      if (this.creating === form) this.creating = undefined;
    } catch (error) {
      this.problem = { form, error: toErrorView(error) };
    } finally {
      this.busy = false;
    }
  }

  async #select(memberId: string) {
    const staff = this.signedIn!.staff;
    this.issued = undefined;
    await this.#run('select', async () => {
      this.selected = await staff.getMember(memberId);
    });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[data-member-detail] h2')?.focus();
  }

  override render() {
    const signedIn = this.signedIn;
    if (!this.localize.ready || !signedIn) return nothing;
    if (signedIn.session.member.role !== 'admin')
      return html`<h1 tabindex="-1" data-screen-title>${this.t('admin.title')}</h1><p>${this.t('admin.only_admin')}</p>`;
    if (!this.#members || !this.#webhooks) return nothing;
    const members = this.#members.snapshot.context;
    const webhooks = this.#webhooks.snapshot.context;
    const staff = signedIn.staff;
    return html`<h1 tabindex="-1" data-screen-title>${this.t('admin.title')}</h1>
      ${this.problem && this.problem.form === 'select' ? html`<p class="error" role="alert">${this.errorText(this.problem.error)}</p>` : nothing}
      <section class="card" aria-labelledby="members-title">
        <h2 id="members-title">${this.t('admin.members')}</h2>
        ${members.error ? html`<p class="error" role="alert">${this.errorText(members.error)}</p>` : nothing}
        <table aria-labelledby="members-title">
          <thead>
            <tr>
              <th scope="col">${this.t('admin.col.name')}</th>
              <th scope="col">${this.t('admin.col.role')}</th>
              <th scope="col">${this.t('admin.col.department')}</th>
              <th scope="col">${this.t('admin.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            ${members.items.map(
              (m) => html`<tr data-member=${m.id}>
                <td><button type="button" @click=${() => this.#select(m.id)} aria-label=${this.t('admin.manage', { name: m.name })}>${m.name}</button></td>
                <td>${this.named('choice', m.role)}</td>
                <td>${m.departmentId ? this.departmentName(signedIn.config, m.departmentId) : ''}</td>
                <td>${m.disabledAt ? this.t('admin.disabled') : this.t('admin.active')}</td>
              </tr>`,
            )}
          </tbody>
        </table>
        ${
          this.creating === 'member'
            ? html`<jf-desk-action-form action-type="member.create" .schema=${StaffMemberInputSchema} .config=${signedIn.config}
              .busy=${this.busy} .refusal=${this.problem?.form === 'member' ? this.problem.error : undefined}
              @cancel=${() => {
                this.creating = undefined;
              }}
              @jf-desk-action-submitted=${(e: JfDeskActionSubmittedEvent) => {
                e.stopPropagation();
                const { type: _type, ...member } = e.detail.command;
                void this.#run('member', async () => {
                  const created = await staff.createMember(member as unknown as StaffMemberInput);
                  this.#members?.send({ type: 'list.refresh' });
                  await this.#select(created.id);
                });
              }}></jf-desk-action-form>`
            : html`<button type="button" data-create="member" @click=${() => {
                this.creating = 'member';
              }}>${this.named('action', 'member.create')}</button>`
        }
      </section>
      ${this.selected ? this.#memberDetail(this.selected) : nothing}
      <section class="card" aria-labelledby="webhooks-title">
        <h2 id="webhooks-title">${this.t('webhooks.title')}</h2>
        ${webhooks.error ? html`<p class="error" role="alert">${this.errorText(webhooks.error)}</p>` : nothing}
        ${this.secret ? html`<p class="message" role="status">${this.t('webhooks.secret')} <code data-secret>${this.secret}</code></p>` : nothing}
        ${
          webhooks.items.length === 0
            ? html`<p>${this.t('webhooks.empty')}</p>`
            : html`<table aria-labelledby="webhooks-title">
              <thead><tr><th scope="col">${this.t('webhooks.col.url')}</th><th scope="col">${this.t('webhooks.col.created')}</th><th scope="col">${this.t('webhooks.deliveries')}</th></tr></thead>
              <tbody>
                ${webhooks.items.map(
                  (w) => html`<tr data-webhook=${w.id}>
                    <td>${w.url}</td>
                    <td>${this.formatInstant(w.createdAt)}</td>
                    <td><button type="button" aria-label=${this.t('webhooks.show_deliveries', { url: w.url })}
                      @click=${() =>
                        this.#run('deliveries', async () => {
                          this.deliveries = { webhook: w, items: (await staff.listWebhookDeliveries(w.id)).items };
                        })}>${this.t('webhooks.deliveries')}</button></td>
                  </tr>`,
                )}
              </tbody>
            </table>`
        }
        ${this.deliveries ? this.#deliveryLog(this.deliveries) : nothing}
        ${
          this.creating === 'webhook'
            ? html`<jf-desk-action-form action-type="webhook.create" .schema=${WebhookInputSchema} .config=${signedIn.config}
              .busy=${this.busy} .refusal=${this.problem?.form === 'webhook' ? this.problem.error : undefined}
              @cancel=${() => {
                this.creating = undefined;
              }}
              @jf-desk-action-submitted=${(e: JfDeskActionSubmittedEvent) => {
                e.stopPropagation();
                void this.#run('webhook', async () => {
                  const created = await staff.createWebhook(String(e.detail.command.url));
                  this.secret = created.secret;
                  this.#webhooks?.send({ type: 'list.refresh' });
                });
              }}></jf-desk-action-form>`
            : html`<button type="button" data-create="webhook" @click=${() => {
                this.creating = 'webhook';
              }}>${this.named('action', 'webhook.create')}</button>`
        }
      </section>`;
  }

  #deliveryLog(log: { webhook: WebhookSubscription; items: WebhookDelivery[] }) {
    return html`<h3 id="deliveries-title">${this.t('webhooks.deliveries')} · ${log.webhook.url}</h3>
      ${
        log.items.length === 0
          ? html`<p>${this.t('webhooks.no_deliveries')}</p>`
          : html`<table aria-labelledby="deliveries-title" data-deliveries>
            <thead><tr><th scope="col">${this.t('webhooks.col.at')}</th><th scope="col">${this.t('consultations.col.number')}</th><th scope="col">${this.t('webhooks.col.event')}</th><th scope="col">${this.t('webhooks.col.status')}</th></tr></thead>
            <tbody>
              ${log.items.map(
                (d) => html`<tr>
                  <td>${this.formatInstant(d.createdAt)}</td>
                  <td>${d.number}</td>
                  <td>${d.eventType}</td>
                  <td>${d.status} (${d.attempts}${d.lastStatusCode ? ` · HTTP ${d.lastStatusCode}` : ''})</td>
                </tr>`,
              )}
            </tbody>
          </table>`
      }`;
  }

  #memberDetail(detail: StaffMemberDetail) {
    const staff = this.signedIn!.staff;
    const { member, tokens } = detail;
    const reload = async () => {
      this.selected = await staff.getMember(member.id);
      this.#members?.send({ type: 'list.refresh' });
    };
    return html`<section class="card" aria-labelledby="member-title" data-member-detail>
      <h2 id="member-title" tabindex="-1">${this.t('admin.tokens', { name: member.name })}</h2>
      ${
        this.problem && ['token', 'member-state'].includes(this.problem.form)
          ? html`<p class="error" role="alert">${this.errorText(this.problem.error)}</p>`
          : nothing
      }
      ${this.issued ? html`<p class="message" role="status">${this.t('admin.issued')} <code data-issued-token>${this.issued}</code></p>` : nothing}
      ${
        tokens.length === 0
          ? html`<p>${this.t('admin.no_tokens')}</p>`
          : html`<table aria-labelledby="member-title">
            <thead><tr><th scope="col">${this.t('admin.token.label')}</th><th scope="col">${this.t('admin.token.expires')}</th><th scope="col">${this.t('admin.token.last_used')}</th><th scope="col">${this.t('admin.token.status')}</th><th scope="col"><span class="visually-hidden">${this.t('admin.revoke', { label: '' })}</span></th></tr></thead>
            <tbody>
              ${tokens.map(
                (token) => html`<tr data-token=${token.id}>
                  <td>${token.label}</td>
                  <td>${this.formatInstant(token.expiresAt)}</td>
                  <td>${this.formatInstant(token.lastUsedAt)}</td>
                  <td>${this.named('status', `token_${token.status}`)}</td>
                  <td>${
                    token.status === 'active'
                      ? html`<button type="button" @click=${() =>
                          this.#run('token', async () => {
                            await staff.revokeToken(member.id, token.id);
                            await reload();
                          })}>${this.t('admin.revoke', { label: token.label })}</button>`
                      : nothing
                  }</td>
                </tr>`,
              )}
            </tbody>
          </table>`
      }
      <p class="row">
        ${
          this.creating === 'token'
            ? nothing
            : html`<button type="button" data-create="token" @click=${() => {
                this.creating = 'token';
              }}>${this.named('action', 'token.issue')}</button>`
        }
        <button type="button" @click=${() =>
          this.#run('member-state', async () => {
            if (member.disabledAt) await staff.enableMember(member.id);
            else await staff.disableMember(member.id);
            await reload();
          })}>${member.disabledAt ? this.t('admin.enable') : this.t('admin.disable')}</button>
      </p>
      ${
        this.creating === 'token'
          ? html`<jf-desk-action-form action-type="token.issue" .schema=${IssueStaffTokenSchema} .config=${this.signedIn!.config}
            .busy=${this.busy} .refusal=${this.problem?.form === 'token' ? this.problem.error : undefined}
            @cancel=${() => {
              this.creating = undefined;
            }}
            @jf-desk-action-submitted=${(e: JfDeskActionSubmittedEvent) => {
              e.stopPropagation();
              const { type: _type, ...input } = e.detail.command;
              void this.#run('token', async () => {
                const issued = await staff.issueToken(member.id, input);
                this.issued = issued.token;
                await reload();
              });
            }}></jf-desk-action-form>`
          : nothing
      }
    </section>`;
  }
}
