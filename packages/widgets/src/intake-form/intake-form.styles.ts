import { type CSSResultGroup, css } from 'lit';
import { receiptStyles } from '../receipt/receipt.styles.js';
import { elementShell } from '../styles/shared.styles.js';

/**
 * `<jf-intake-form>`'s styles: one column that works from 320 px (WCAG 1.4.10 reflow) and at 200 %
 * zoom, 44 px targets, errors marked by text and a bar, not colour alone. Elder mode scales type and
 * spacing through `--_scale`. Component knobs: `--jf-intake-form-max-width`, `-padding`, `-card-columns`.
 */
export const intakeFormStyles: CSSResultGroup = [
  elementShell('intake-form', '42rem'),
  css`
  h2,
  h3,
  h4 {
    margin: 0 0 calc(var(--_space) * 0.5);
    line-height: 1.3;
  }
  h2 {
    font-size: 1.5em;
  }
  h3 {
    font-size: 1.25em;
  }
  h4 {
    font-size: 1.05em;
  }
  h3:focus {
    outline: none;
  }
  h3:focus-visible {
    outline: 3px solid var(--_focus);
  }
  p {
    margin: 0 0 calc(var(--_space) * 0.75);
  }
  .title-row {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.5);
    align-items: center;
    justify-content: space-between;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.5);
  }
  .status {
    margin: calc(var(--_space) * 0.5) 0;
    padding: calc(var(--_space) * 0.25) calc(var(--_space) * 0.5);
    border-inline-start: 4px solid var(--_primary);
    background: var(--_surface-alt);
  }
  .status:empty {
    display: none;
  }
  .status[data-state='received'] {
    border-color: var(--_success);
  }
  .status[data-state='rejected'] {
    border-color: var(--_error);
  }
  .hint,
  .step-count,
  .marker {
    color: var(--_muted);
  }
  .marker {
    font-weight: normal;
  }

  /* Buttons */
  button,
  .button-link {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-height: var(--_target);
    min-width: var(--_target);
    padding: calc(var(--_space) * 0.5) var(--_space);
    border-radius: var(--_radius);
    border: 2px solid var(--_primary);
    font-weight: 600;
    text-decoration: none;
  }
  .primary {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  .secondary,
  .button-link {
    background: var(--_surface);
    color: var(--_primary);
  }
  .danger {
    background: var(--_error);
    border-color: var(--_error);
    color: #ffffff;
  }
  .link {
    background: none;
    border-color: transparent;
    color: var(--_primary);
    text-decoration: underline;
    padding-inline: calc(var(--_space) * 0.25);
  }
  .exit {
    background: var(--_exit);
    border-color: var(--_exit);
    color: #ffffff;
  }
  .toggle[aria-pressed='true'] {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  button[disabled] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .small {
    margin-inline-start: calc(var(--_space) * 0.5);
  }

  /* Progress */
  .progress ol {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.25) calc(var(--_space) * 0.75);
    margin: 0 0 var(--_space);
    padding: 0;
    list-style: none;
    counter-reset: step;
  }
  .progress li {
    counter-increment: step;
    display: flex;
    align-items: center;
    min-height: var(--_target);
  }
  .progress li::before {
    content: counter(step) '.';
    margin-inline-end: 0.25em;
    color: var(--_muted);
  }
  .progress [aria-current='step'] {
    font-weight: 700;
    text-decoration: underline;
    text-decoration-thickness: 3px;
  }
  .progress .upcoming span {
    color: var(--_muted);
  }
  :host([elder]) .progress li:not(.current) {
    display: none;
  }

  /* Error summary */
  .error-summary {
    margin-bottom: var(--_space);
    padding: var(--_space);
    border: 4px solid var(--_error);
    border-radius: var(--_radius);
  }
  .error-summary:focus {
    outline: 3px solid var(--_focus);
  }
  .error-summary a {
    color: var(--_error);
    font-weight: 600;
  }
  .error-summary ul {
    margin: 0;
    padding-inline-start: 1.25em;
  }
  .error-summary li {
    min-height: var(--_target);
    display: list-item;
    padding-block: calc(var(--_space) * 0.25);
  }

  /* Fields */
  .question {
    margin-bottom: var(--_space);
  }
  .field {
    margin: 0 0 var(--_space);
    padding: 0;
    border: 0;
    min-width: 0;
  }
  .field.invalid {
    padding-inline-start: calc(var(--_space) * 0.75);
    border-inline-start: 4px solid var(--_error);
  }
  .label {
    display: block;
    margin-bottom: calc(var(--_space) * 0.25);
    padding: 0;
    font-weight: 700;
  }
  .error {
    color: var(--_error);
    font-weight: 700;
  }
  .error::before {
    content: '! ';
  }
  input[type='text'],
  input[type='tel'],
  input[type='date'],
  input[type='datetime-local'],
  input[type='file'],
  select,
  textarea {
    display: block;
    width: 100%;
    max-width: 100%;
    padding: calc(var(--_space) * 0.5);
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  input.short {
    max-width: 14em;
  }
  .invalid input:not([type='radio']):not([type='checkbox']),
  .invalid select,
  .invalid textarea {
    border-color: var(--_error);
  }
  .choices {
    display: grid;
    gap: calc(var(--_space) * 0.5);
  }
  .choices.inline {
    grid-template-columns: repeat(auto-fit, minmax(7em, 1fr));
  }
  .choice {
    display: flex;
    gap: calc(var(--_space) * 0.5);
    align-items: center;
    min-height: var(--_target);
    padding: calc(var(--_space) * 0.25) calc(var(--_space) * 0.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    cursor: pointer;
  }
  .choice input {
    width: 1.5em;
    height: 1.5em;
    min-height: 0;
    flex: none;
    margin: 0;
  }
  .subfield {
    margin-bottom: calc(var(--_space) * 0.5);
  }
  .subfield label {
    display: block;
  }
  .group {
    margin: 0 0 var(--_space);
    padding: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    min-width: 0;
  }
  .group-title {
    font-weight: 700;
  }

  /* Category cards */
  .cards {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--jf-intake-form-card-columns, 14rem)), 1fr));
    gap: calc(var(--_space) * 0.5);
  }
  .card {
    display: flex;
    gap: calc(var(--_space) * 0.5);
    align-items: flex-start;
    min-height: var(--_target);
    padding: calc(var(--_space) * 0.75);
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    cursor: pointer;
  }
  .card:has(input:checked) {
    border-color: var(--_primary);
    background: var(--_surface-alt);
    box-shadow: inset 0 0 0 2px var(--_primary);
  }
  .card input {
    width: 1.5em;
    height: 1.5em;
    min-height: 0;
    margin: 0.1em 0 0;
    flex: none;
  }
  .card-title {
    display: block;
    font-weight: 700;
  }
  .card-description {
    display: block;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .not-sure {
    margin-top: var(--_space);
  }
  .not-sure summary {
    display: flex;
    align-items: center;
    min-height: var(--_target);
    color: var(--_primary);
    text-decoration: underline;
    cursor: pointer;
  }
  .not-sure li {
    margin-bottom: calc(var(--_space) * 0.5);
  }

  /* Evidence */
  .uploads {
    margin: 0 0 var(--_space);
    padding: 0;
    list-style: none;
  }
  .upload {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.25) calc(var(--_space) * 0.75);
    align-items: center;
    padding: calc(var(--_space) * 0.5) 0;
    border-bottom: 1px solid var(--_border);
  }
  .upload-name {
    font-weight: 600;
    flex: 1 1 10em;
  }
  .upload progress {
    width: 8em;
  }

  /* Review */
  .review-section {
    margin-bottom: var(--_space);
    padding-bottom: calc(var(--_space) * 0.5);
    border-bottom: 1px solid var(--_border);
  }
  .review-head {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: center;
  }
  .review-row {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 2fr);
    gap: calc(var(--_space) * 0.5);
    padding-block: calc(var(--_space) * 0.25);
  }
  dl,
  dd {
    margin: 0;
  }
  dt {
    font-weight: 600;
  }
  @container (max-width: 30em) {
    .review-row {
      grid-template-columns: 1fr;
    }
  }

  /* Actions */
  .actions {
    display: flex;
    flex-wrap: wrap-reverse;
    gap: calc(var(--_space) * 0.5);
    align-items: center;
    margin-top: var(--_space);
  }
  .discard {
    margin-top: var(--_space);
  }

  /* Banner, problem (the receipt's own rules: receipt/receipt.styles.ts) */
  .banner,
  .problem {
    padding: var(--_space);
    border: 2px solid var(--_primary);
    border-radius: var(--_radius);
    background: var(--_surface-alt);
  }
  .problem {
    border-color: var(--_error);
  }
  .loading {
    min-height: var(--_target);
  }
`,
  receiptStyles,
];
