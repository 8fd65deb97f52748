import { css } from 'lit';

/**
 * The receipt's own look (`receipt-view.ts`): the number and the access code large and monospaced,
 * the shown-once warning marked by a bar as well as its words, the QR code's place held at its size
 * before it is drawn. Buttons and links come with the element's styles.
 */
export const receiptStyles = css`
  .receipt-facts > div {
    margin-bottom: calc(var(--_space) * 0.5);
  }
  .code {
    font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
    font-size: 1.4em;
    font-weight: 700;
    letter-spacing: 0.08em;
  }
  .warning {
    padding: calc(var(--_space) * 0.5);
    border-inline-start: 4px solid var(--_exit);
    font-weight: 600;
  }
  .qr-box {
    margin: var(--_space) 0;
  }
  .qr,
  .qr-placeholder {
    display: block;
    width: min(12rem, 100%);
    aspect-ratio: 1;
  }
`;
