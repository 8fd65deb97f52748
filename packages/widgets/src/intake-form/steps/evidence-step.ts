import { formatSdkMessage, type IntakeUpload } from '@jiefen/sdk/intake';
import { html, nothing } from 'lit';
import type { Question, StepView } from './view.js';

/** `1.5 MB`, `320 KB`: sizes a resident can compare with what their phone shows. */
export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit > 1 ? 1 : 0 }).format(value)} ${units[unit]}`;
}

/** Evidence: photos and documents with per-file progress, the tenant's limits, cancel and remove. */
export function evidenceQuestions(
  view: StepView,
  limits: { maxBytes: number; mediaTypes: string[]; typeNames: string[] },
): Question[] {
  const uploads = view.uploads;
  const error = view.errors.attachments;
  const limitText = view.t('evidence.limits', {
    size: formatBytes(limits.maxBytes, view.locale),
    types: limits.typeNames.join(view.locale === 'en' ? ', ' : '、'),
  });
  const stateText = (upload: IntakeUpload) =>
    // A waiting file the device could not store (no room) lives only in this page: say so, since
    // "saved" would be untrue and closing the page would lose it.
    upload.state === 'waiting' && upload.keepError
      ? view.t('evidence.state.waiting_not_kept')
      : view.t(`evidence.state.${upload.state}`, { percent: Math.round(upload.progress * 100) });
  const choose = (event: Event) => {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    if (files.length) view.send({ type: 'intake.add_files', files });
    input.value = '';
  };
  return [
    {
      id: 'attachments',
      fields: [{ path: 'attachments', label: view.t('evidence.choose') }],
      render: () => html`
        <p class="intro">${view.t('evidence.intro')}</p>
        <div class="field${error ? ' invalid' : ''}" part="field" data-path="attachments">
          <label class="label" part="label" for="f-attachments">${view.t('evidence.choose')}
            <span class="marker">${view.t('form.optional')}</span></label>
          ${limitText ? html`<p class="hint" part="hint" id="f-attachments-hint">${limitText}</p>` : nothing}
          ${error ? html`<p class="error" part="error" id="f-attachments-error">${error}</p>` : nothing}
          <input
            type="file"
            id="f-attachments"
            part="file-input"
            multiple
            accept=${limits.mediaTypes.join(',')}
            aria-describedby=${[limitText ? 'f-attachments-hint' : '', error ? 'f-attachments-error' : ''].filter(Boolean).join(' ') || nothing}
            @change=${choose}
          />
        </div>
        ${
          uploads.length === 0
            ? html`<p class="empty">${view.t('evidence.none')}</p>`
            : html`<ul class="uploads" part="uploads" aria-label=${view.t('evidence.list')}>
              ${uploads.map(
                (upload) => html`<li class="upload ${upload.state}" part="upload" data-state=${upload.state}>
                  <span class="upload-name">${upload.name}</span>
                  <span class="upload-size">${formatBytes(upload.size, view.locale)}</span>
                  <span class="upload-state">${stateText(upload)}</span>
                  ${
                    upload.state === 'uploading'
                      ? html`<progress
                          max="1"
                          .value=${upload.progress}
                          aria-label=${view.t('evidence.progress', { name: upload.name })}
                        ></progress>`
                      : nothing
                  }
                  ${
                    upload.error
                      ? html`<span class="error">${formatSdkMessage(upload.error.messageKey, upload.error.params, view.locale)}</span>`
                      : nothing
                  }
                  ${
                    upload.state === 'uploading'
                      ? html`<button type="button" class="secondary" @click=${() => view.send({ type: 'intake.cancel_upload', id: upload.id })}>
                          ${view.t('evidence.cancel', { name: upload.name })}
                        </button>`
                      : html`<button type="button" class="secondary" @click=${() => view.send({ type: 'intake.remove_file', id: upload.id })}>
                          ${view.t('evidence.remove', { name: upload.name })}
                        </button>`
                  }
                </li>`,
              )}
            </ul>`
        }
      `,
    },
  ];
}
