import type { IntakeWizardEvent } from '@jiefen/sdk/intake';
import type { TemplateResult } from 'lit';

// What the first screen (first-screen.ts) hands to the element (intake-form.ts) when the element's
// code arrives: the screen itself, to keep showing while the actor loads, and what the resident did
// meanwhile, as the actor's own events in the order they happened. Kept apart from the first screen
// so the element imports this much and no more (type-only imports: no code of the SDK's).

/** A first screen drawn into a `<jf-intake-form>` before its element code was defined. */
export interface FirstScreen {
  /** The screen's current markup, for the element to render (the same template: no DOM is replaced). */
  template(): TemplateResult;
  /**
   * Stop drawing and give up what was queued: the resident's choices as `intake.*` events, and where
   * focus was (a selector in the shadow root), so the element can put it back on its own markup.
   */
  release(): { events: IntakeWizardEvent[]; focus: string | undefined };
}

const screens = new WeakMap<Element, FirstScreen>();

export function holdFirstScreen(element: Element, screen: FirstScreen): void {
  screens.set(element, screen);
}

/** The first screen drawn into `element`, if one still shows. */
export function firstScreenOf(element: Element): FirstScreen | undefined {
  return screens.get(element);
}

/** Take the first screen over, once: later calls answer undefined. */
export function releaseFirstScreen(element: Element): ReturnType<FirstScreen['release']> | undefined {
  const screen = screens.get(element);
  if (!screen) return undefined;
  screens.delete(element);
  return screen.release();
}

/**
 * The draft slot of a `<jf-intake-form>` on this device, from its attributes (the element's
 * `draft-id`, else `intake-<id>`, else `intake`): the first screen looks for a saved draft there
 * before it offers the categories, and the element restores from the same slot.
 */
export function draftIdOf(element: {
  draftId?: string;
  id: string;
  getAttribute(name: string): string | null;
}): string {
  const draftId = element.draftId || element.getAttribute('draft-id');
  return draftId || (element.id ? `intake-${element.id}` : 'intake');
}
