import { css } from 'lit';

/**
 * `<jf-consult-request>`'s own styles, on top of the intake form's (fields, buttons, banner,
 * receipt: one look, loaded once on a page with both). One column from 320 px, 44 px targets,
 * stages marked by text and shape, not colour alone. Knob: `--jf-consult-request-max-width`.
 */
export const consultRequestStyles = css`
  :host {
    max-width: var(--jf-consult-request-max-width, 42rem);
  }
  .intro {
    color: var(--_muted);
  }
  .time-window {
    display: grid;
    gap: calc(var(--_space) * 0.25);
    margin-bottom: calc(var(--_space) * 0.75);
    padding-inline-start: calc(var(--_space) * 0.5);
    border-inline-start: 3px solid var(--_border);
  }
  .time-window .field {
    margin-bottom: 0;
  }
  .handover,
  .tracking,
  .receipt {
    margin-top: var(--_space);
  }
  .handover {
    padding: var(--_space);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
  }
  .stages {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.25) calc(var(--_space) * 0.75);
    margin: 0 0 var(--_space);
    padding: 0;
    list-style: none;
  }
  .stages li::before {
    content: '○ ';
  }
  .stages li.done::before {
    content: '✓ ';
    color: var(--_success);
  }
  .stages li.current {
    font-weight: 700;
  }
  .stages li.current::before {
    content: '● ';
    color: var(--_primary);
  }
  .stages li.upcoming {
    color: var(--_muted);
  }
  .now {
    padding: calc(var(--_space) * 0.5);
    border-inline-start: 4px solid var(--_primary);
    background: var(--_surface-alt);
  }
  .answer {
    margin: var(--_space) 0;
  }
  .answer p {
    white-space: pre-wrap;
  }
  .action-status {
    margin: calc(var(--_space) * 0.5) 0;
    font-weight: 600;
  }
  .rating,
  .cancel-confirm {
    margin-top: var(--_space);
  }
  .refresh {
    margin-top: var(--_space);
  }
`;
