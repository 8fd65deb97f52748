import type { TenantConfig } from '@jiefen/core';
import type { Locale } from '@jiefen/core/forms';
import type { IntakeForm, IntakeUpload, IntakeWizardEvent } from '@jiefen/sdk/intake';
import type { TemplateResult } from 'lit';
import type { MessageParams } from '../../i18n/localize.js';
import type { IntakeMessageKey } from '../i18n/catalogs.js';

// What every step shares and the first step needs: no field controls here, so the first screen's
// chunk does not carry them (they come with the later steps, see later-steps.ts).

/** Everything a step renders from: the actor's data, the strings, and two ways to answer. */
export interface StepView {
  t: (key: IntakeMessageKey, params?: MessageParams) => string;
  locale: Locale;
  elder: boolean;
  config: TenantConfig;
  form: IntakeForm;
  /** Localized problems by filing path (the SDK's `selectFieldErrors`). */
  errors: Readonly<Record<string, string>>;
  uploads: readonly IntakeUpload[];
  /** Set one value by dot path. */
  set: (path: string, value: unknown) => void;
  send: (event: IntakeWizardEvent) => void;
  /** Move focus to the control of `path` after the next render (added or removed rows). */
  focus?: (path: string) => void;
  /** URL of the tenant's legal consultation page, if the portal gave one. */
  consultationUrl?: string | undefined;
}

/**
 * One question: what elder mode shows alone on a screen. `fields` are the filing paths it answers,
 * in display order, with their labels (for the error summary and for focus).
 */
export interface Question {
  id: string;
  fields: Array<{ path: string; label: string }>;
  render: () => TemplateResult;
}

/** The DOM id of the control that answers `path` (ids are unique within the form's shadow root). */
export const idFor = (path: string) => `f-${path.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
