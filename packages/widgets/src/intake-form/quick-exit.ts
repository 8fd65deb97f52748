/**
 * Quick exit, after GOV.UK's "Exit this page": a resident at risk (family and domestic-violence
 * matters) leaves at once when someone comes near. The page is blanked first (before the next page
 * loads), then replaced with a neutral site through `location.replace`, which leaves no history entry
 * that leads back to the form. What was typed stays in the encrypted draft: a resident who had to
 * run does not lose their account (GOV.UK keeps data too); "clear the form" is the way to delete it.
 */
export const DEFAULT_EXIT_URL = 'https://www.baidu.com';

/** Three presses of Escape within this window, or Shift+Escape once, trigger the exit. */
const PRESS_WINDOW_MS = 3000;

export function watchQuickExitKeys(target: Document, onExit: () => void): () => void {
  let presses: number[] = [];
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    if (event.shiftKey) {
      onExit();
      return;
    }
    const now = event.timeStamp;
    presses = [...presses.filter((t) => now - t < PRESS_WINDOW_MS), now];
    if (presses.length >= 3) {
      presses = [];
      onExit();
    }
  };
  target.addEventListener('keydown', onKey, true);
  return () => target.removeEventListener('keydown', onKey, true);
}

/** Hide the whole page now (CSSOM, which a strict `style-src` allows), then leave without history. */
export function leavePage(url: string): void {
  document.documentElement.style.setProperty('visibility', 'hidden', 'important');
  document.title = '';
  window.location.replace(url);
}
