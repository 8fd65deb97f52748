/**
 * The tracking token in the page's fragment (`#jf-track=<token>`), and the fragment without it. The
 * token travels in the fragment because a fragment never reaches a server log or a Referer.
 */
export function trackingTokenIn(hash: string): { token: string; rest: string } | undefined {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  const parts = fragment.split('&');
  const index = parts.findIndex((p) => p.startsWith('jf-track='));
  if (index < 0) return undefined;
  let token: string;
  try {
    token = decodeURIComponent(parts[index]!.slice('jf-track='.length));
  } catch {
    return undefined;
  }
  if (!token) return undefined;
  parts.splice(index, 1);
  return { token, rest: parts.length ? `#${parts.join('&')}` : '' };
}
