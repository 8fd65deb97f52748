import { html, nothing, type TemplateResult } from 'lit';
import { type QrCode, qrCodeSvg } from './qr-code.js';

/**
 * The keys a receipt's strings have in the catalog of each element that shows one. Each element keeps
 * its own wording (a case is "登记已受理", a consultation "咨询已受理"; the QR caption and the link
 * differ too), so the strings stay in the elements' catalogs under the same keys.
 */
export type ReceiptMessageKey =
  | 'receipt.title'
  | 'receipt.access_code'
  | 'receipt.access_code_once'
  | 'receipt.copy'
  | 'receipt.copied'
  | 'receipt.copy_failed'
  | 'receipt.qr'
  | 'receipt.qr_label'
  | 'receipt.tracking_link';

/** Whether the last copy of the access code to the clipboard worked. */
export type CopyOutcome = 'ok' | 'failed';

/** What a receipt shows, and the element state it reads and sets. */
export interface ReceiptView {
  t: (key: ReceiptMessageKey) => string;
  /** What the receipt is numbered by: a case number or a consultation number, with its `::part` name. */
  number: { label: string; value: string; part: 'case-number' | 'consultation-number' };
  /** Shown on this receipt only (the elements do not show it again after a reload). */
  accessCode: string;
  /** The tracking link, also drawn as the QR code. */
  trackingLink: string;
  /** The QR code once lean-qr has drawn it (a placeholder of the same size holds its place until then). */
  qr: QrCode | undefined;
  copied: CopyOutcome | undefined;
  setCopied: (outcome: CopyOutcome) => void;
}

/**
 * The receipt of a filing or a consultation request: its number, the access code shown once with a
 * copy button, the QR code and the tracking link (一案一码). One view for `<jf-intake-form>` and
 * `<jf-consult-request>`, styled by `receipt.styles.ts`; `after` is what an element adds below it (the
 * intake form's next steps and "report another dispute"). The heading's id is what the elements move
 * focus to when the receipt appears.
 */
export function renderReceipt(view: ReceiptView, after: TemplateResult | typeof nothing = nothing): TemplateResult {
  const { t, number } = view;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(view.accessCode);
      view.setCopied('ok');
    } catch {
      view.setCopied('failed');
    }
  };
  return html`<section class="receipt" part="receipt" aria-labelledby="receipt-heading">
    <h3 id="receipt-heading" tabindex="-1">${t('receipt.title')}</h3>
    <dl class="receipt-facts">
      <div>
        <dt>${number.label}</dt>
        <dd part=${number.part} class="code">${number.value}</dd>
      </div>
      <div>
        <dt>${t('receipt.access_code')}</dt>
        <dd part="access-code" class="code">${view.accessCode}</dd>
      </div>
    </dl>
    <p class="warning">${t('receipt.access_code_once')}</p>
    <div class="actions">
      <button type="button" class="secondary" part="copy-button" @click=${copy}>${t('receipt.copy')}</button>
      <span class="copied" role="status"
        >${view.copied === 'ok' ? t('receipt.copied') : view.copied === 'failed' ? t('receipt.copy_failed') : ''}</span
      >
    </div>
    <figure class="qr-box">
      ${view.qr ? qrCodeSvg(view.qr, t('receipt.qr_label')) : html`<div class="qr-placeholder"></div>`}
      <figcaption>${t('receipt.qr')}</figcaption>
    </figure>
    <p><a href=${view.trackingLink} class="button-link">${t('receipt.tracking_link')}</a></p>
    ${after}
  </section>`;
}
