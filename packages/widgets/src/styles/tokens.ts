import { css } from 'lit';

/**
 * Jiefen's public design tokens. Every value a portal may theme is a `--jf-*` custom property with a
 * default here (custom properties inherit into shadow roots; nothing else of the page's CSS does).
 * Components read them through their own knobs (`--jf-intake-form-*`), which fall back to these.
 *
 * | token | default | meaning |
 * |---|---|---|
 * | `--jf-color-primary` | `#0b57a4` | buttons, selected cards, focus ring base |
 * | `--jf-color-on-primary` | `#ffffff` | text on primary |
 * | `--jf-color-text` | `#1b1b1b` | body text (contrast ≥ 7:1 on the surface) |
 * | `--jf-color-muted` | `#4a4a4a` | hints (≥ 4.5:1) |
 * | `--jf-color-surface` | `#ffffff` | background |
 * | `--jf-color-surface-alt` | `#f3f5f8` | banners, cards |
 * | `--jf-color-border` | `#6b6b6b` | input borders (≥ 3:1, WCAG 1.4.11) |
 * | `--jf-color-error` | `#b3261e` | errors |
 * | `--jf-color-success` | `#1e6b34` | received |
 * | `--jf-color-focus` | `#ffbf47` | focus outline (GOV.UK yellow, visible on any portal colour) |
 * | `--jf-color-exit` | `#8a1c1c` | quick-exit button |
 * | `--jf-font-family` | system CJK stack | |
 * | `--jf-font-size` | `1rem` | base size; elder mode multiplies it |
 * | `--jf-line-height` | `1.6` | |
 * | `--jf-radius` | `6px` | corners |
 * | `--jf-space` | `1rem` | base spacing unit |
 * | `--jf-target-size` | `44px` | minimum height/width of every control (WCAG 2.5.8 asks 24, we give 44) |
 * | `--jf-elder-scale` | `1.25` | text and spacing factor in elder mode |
 */
export const tokens = css`
  :host {
    --_primary: var(--jf-color-primary, #0b57a4);
    --_on-primary: var(--jf-color-on-primary, #ffffff);
    --_text: var(--jf-color-text, #1b1b1b);
    --_muted: var(--jf-color-muted, #4a4a4a);
    --_surface: var(--jf-color-surface, #ffffff);
    --_surface-alt: var(--jf-color-surface-alt, #f3f5f8);
    --_border: var(--jf-color-border, #6b6b6b);
    --_error: var(--jf-color-error, #b3261e);
    --_success: var(--jf-color-success, #1e6b34);
    --_focus: var(--jf-color-focus, #ffbf47);
    --_exit: var(--jf-color-exit, #8a1c1c);
    --_font: var(
      --jf-font-family,
      system-ui,
      -apple-system,
      'PingFang SC',
      'Hiragino Sans GB',
      'Microsoft YaHei',
      'Noto Sans CJK SC',
      sans-serif
    );
    --_scale: 1;
    --_font-size: calc(var(--jf-font-size, 1rem) * var(--_scale));
    --_line-height: var(--jf-line-height, 1.6);
    --_radius: var(--jf-radius, 6px);
    --_space: calc(var(--jf-space, 1rem) * var(--_scale));
    --_target: var(--jf-target-size, 44px);
  }
`;
