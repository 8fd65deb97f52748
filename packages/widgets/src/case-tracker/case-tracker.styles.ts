import { type CSSResultGroup, css } from 'lit';
import { elementShell } from '../styles/shared.styles.js';

/**
 * `<jf-case-tracker>`'s styles: one column from 320 px (WCAG 1.4.10 reflow) and at 200 % zoom, 44 px
 * targets, stage and supervision marked by text as well as colour, elder mode through `--_scale`, and a
 * print view (`@media print`: the summary and the whole timeline, no controls). Component knobs:
 * `--jf-case-tracker-max-width`, `--jf-case-tracker-padding`. File inputs too are held to the column
 * (left alone they keep the browser's own width, wider than a 390 px phone's column).
 */
export const caseTrackerStyles: CSSResultGroup = [
  elementShell('case-tracker', '48rem'),
  css`
  h2,
  h3,
  h4,
  h5 {
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
    font-size: 1.1em;
  }
  h5 {
    font-size: 1em;
  }
  h3:focus,
  h5:focus {
    outline: none;
  }
  h3:focus-visible,
  h5:focus-visible {
    outline: 3px solid var(--_focus);
  }
  p {
    margin: 0 0 calc(var(--_space) * 0.5);
  }
  section,
  .action-status:not([data-state='none']) {
    margin-block: var(--_space);
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.5);
    align-items: center;
    justify-content: space-between;
  }
  .toolbar,
  .buttons {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.5);
  }
  button {
    padding: calc(var(--_space) * 0.5) var(--_space);
    border-radius: var(--_radius);
    border: 2px solid var(--_primary);
    font-weight: 600;
  }
  .primary {
    background: var(--_primary);
    color: var(--_on-primary);
  }
  .secondary {
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
  }
  .small {
    padding-block: 0;
  }
  .hint {
    color: var(--_muted);
  }
  .field {
    margin-block-end: var(--_space);
  }
  .field label,
  legend {
    display: block;
    font-weight: 600;
  }
  /* The file picker too: its intrinsic width (about 350 px) ran past a 320 px (400 % zoom) viewport. */
  input[type='text'],
  input:not([type]),
  input[type='file'],
  textarea {
    display: block;
    width: 100%;
    max-width: 100%;
    padding: calc(var(--_space) * 0.4);
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .invalid input,
  .invalid textarea {
    border-color: var(--_error);
  }
  .error {
    color: var(--_error);
    font-weight: 600;
    border-inline-start: 4px solid var(--_error);
    padding-inline-start: calc(var(--_space) * 0.5);
  }
  .choice {
    display: flex;
    gap: calc(var(--_space) * 0.5);
    align-items: center;
    min-height: var(--_target);
  }
  .choice input {
    width: 1.25em;
    height: 1.25em;
    min-height: 0;
  }
  fieldset {
    border: 0;
    padding: 0;
    margin: 0 0 var(--_space);
  }
  .problem,
  .notice,
  .action-status:not([data-state='none']) {
    padding: calc(var(--_space) * 0.5);
    border-inline-start: 4px solid var(--_primary);
    background: var(--_surface-alt);
  }
  .problem,
  .action-status[data-state='rejected'],
  .action-status[data-state='refused'] {
    border-color: var(--_error);
  }
  .action-status[data-state='done'] {
    border-color: var(--_success);
  }
  .action-status:focus {
    outline: none;
  }
  .action-status:focus-visible {
    outline: 3px solid var(--_focus);
  }
  .typed {
    margin: 0 0 calc(var(--_space) * 0.5);
    padding-inline-start: calc(var(--_space) * 0.75);
    border-inline-start: 2px solid var(--_border);
    white-space: pre-wrap;
  }
  /* The closed loop: a wrapping row of stages; the current one framed and bold, skipped ones struck. */
  .stages ol {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.25);
    list-style: none;
    padding: 0;
    margin: 0 0 calc(var(--_space) * 0.5);
    counter-reset: stage;
  }
  .stages li {
    counter-increment: stage;
    padding: calc(var(--_space) * 0.25) calc(var(--_space) * 0.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .stages li::before {
    content: counter(stage) '. ';
  }
  .stages li.done {
    background: var(--_surface-alt);
  }
  .stages li.done::before {
    content: '✓ ';
  }
  .stages li.current {
    border: 3px solid var(--_primary);
    font-weight: 700;
  }
  .stages li.skipped {
    color: var(--_muted);
    text-decoration: line-through;
  }
  .departments ul,
  .sessions ul {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  .department {
    padding: calc(var(--_space) * 0.5);
    margin-block-end: calc(var(--_space) * 0.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .department[data-supervision='urged'],
  .department[data-supervision='escalated'] {
    border-inline-start: 6px solid var(--_error);
  }
  .department-name {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.5);
    align-items: baseline;
  }
  dl {
    margin: 0;
  }
  dl div {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.5);
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
  }
  .badge {
    display: inline-block;
    padding: 0 calc(var(--_space) * 0.4);
    border: 2px solid var(--_error);
    border-radius: var(--_radius);
    color: var(--_error);
    font-weight: 700;
  }
  .deadline.overdue {
    color: var(--_error);
    font-weight: 700;
  }
  .entries {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  .entries li {
    /* Lines off screen skip layout and paint until scrolled to (long timelines stay responsive). */
    content-visibility: auto;
    contain-intrinsic-size: auto 3.5em;
    display: flex;
    flex-wrap: wrap;
    column-gap: var(--_space);
    padding-block: calc(var(--_space) * 0.4);
    border-block-end: 1px solid var(--_surface-alt);
  }
  .entries time {
    color: var(--_muted);
    min-width: 10em;
  }
  .entry-note {
    flex-basis: 100%;
    color: var(--_muted);
  }
  .action {
    padding: var(--_space);
    margin-block-end: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .warning {
    font-weight: 600;
  }
  progress {
    display: block;
    width: 100%;
  }
  @media print {
    .base {
      border: 0;
      padding: 0;
    }
    .toolbar,
    .actions,
    .show-earlier,
    .lookup,
    [part~='remember'],
    .action-status {
      display: none !important;
    }
    .stages li.current {
      border-width: 2px;
    }
    a[href]::after {
      content: ' (' attr(href) ')';
    }
  }
`,
];
