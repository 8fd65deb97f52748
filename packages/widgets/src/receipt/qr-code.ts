import { type SVGTemplateResult, svg } from 'lit';

/** A QR code as an SVG path over `size` modules. */
export interface QrCode {
  size: number;
  path: string;
}

/**
 * The tracking link as a QR code (一案一码). lean-qr is kept (MIT, maintained) and tiny: its `nano`
 * generator and SVG path writer are 2.9 kB gzip together, against about 8 kB for qrcode-generator.
 * It is imported only when the confirmation screen asks for it, and drawn as an SVG path in a Lit
 * template: no `innerHTML`, no inline styles, nothing a strict CSP or Trusted Types refuses.
 */
export async function qrCodePath(text: string): Promise<QrCode> {
  const [{ generate }, { toSvgPath }] = await Promise.all([import('lean-qr/nano'), import('lean-qr/extras/svg')]);
  const code = generate(text);
  return { size: code.size, path: toSvgPath(code) };
}

/** The code with a four-module quiet zone, dark on light whatever the portal's theme. */
export function qrCodeSvg(code: QrCode, label: string): SVGTemplateResult {
  const pad = 4;
  const side = code.size + pad * 2;
  return svg`<svg class="qr" part="qr-code" role="img" aria-label=${label} viewBox="${-pad} ${-pad} ${side} ${side}"
    shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
    <rect x=${-pad} y=${-pad} width=${side} height=${side} fill="#ffffff"></rect>
    <path d=${code.path} fill="#000000"></path>
  </svg>`;
}
