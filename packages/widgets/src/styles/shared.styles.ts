import { type CSSResult, css, unsafeCSS } from 'lit';
import { tokens } from './tokens.js';

/**
 * What every Jiefen element shares: tokens, a reset that keeps the portal's global CSS out (`all:
 * initial` on the host would also reset inherited custom properties, so only what leaks in is set),
 * visible focus, 44 px targets, and the visually-hidden utility.
 */
export const sharedStyles = [
  tokens,
  css`
    :host {
      display: block;
      box-sizing: border-box;
      color: var(--_text);
      background: var(--_surface);
      font-family: var(--_font);
      font-size: var(--_font-size);
      line-height: var(--_line-height);
      text-align: start;
      letter-spacing: normal;
      word-spacing: normal;
      text-transform: none;
      overflow-wrap: anywhere;
    }
    :host([hidden]) {
      display: none;
    }
    *,
    *::before,
    *::after {
      box-sizing: inherit;
    }
    :focus-visible {
      outline: 3px solid var(--_focus);
      outline-offset: 2px;
      box-shadow: 0 0 0 5px var(--_text);
    }
    button,
    input,
    select,
    textarea {
      font: inherit;
      color: inherit;
      min-height: var(--_target);
    }
    button {
      min-width: var(--_target);
      cursor: pointer;
    }
    a {
      color: var(--_primary);
    }
    .visually-hidden {
      position: absolute !important;
      width: 1px;
      height: 1px;
      margin: -1px;
      padding: 0;
      overflow: hidden;
      clip: rect(0 0 0 0);
      white-space: nowrap;
      border: 0;
    }
    @media (prefers-reduced-motion: reduce) {
      * {
        transition: none !important;
        animation: none !important;
      }
    }
  `,
];

/**
 * The box a resident element draws itself in, after `sharedStyles` (which makes the host a block):
 * at most `--jf-<element>-max-width` wide, elder mode's larger type and spacing through `--_scale`,
 * and the bordered `.base` with `--jf-<element>-padding` inside. Each element names its knobs
 * (documented as its `@cssproperty`) and its default width; the rest is the same box everywhere.
 */
export function elementShell(element: 'intake-form' | 'case-tracker', defaultMaxWidth: string): CSSResult {
  // Constants of this package, never input: nothing reaches `unsafeCSS` from a page.
  const knob = unsafeCSS(`--jf-${element}`);
  return css`
    :host {
      max-width: var(${knob}-max-width, ${unsafeCSS(defaultMaxWidth)});
    }
    :host([elder]) {
      --_scale: var(--jf-elder-scale, 1.25);
    }
    .base {
      padding: var(${knob}-padding, var(--_space));
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
  `;
}
