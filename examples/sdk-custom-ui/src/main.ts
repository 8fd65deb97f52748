/**
 * A custom interface on the SDK's headless actors: a terminal intake wizard. The actor owns the
 * steps, validation, the draft and the outbox; this file only renders snapshots and sends events, the
 * way a mini-program page or a React component would.
 *
 *   node_modules/.bin/tsx --conditions=source examples/sdk-custom-ui/src/main.ts            # scripted
 *   node_modules/.bin/tsx --conditions=source examples/sdk-custom-ui/src/main.ts --interactive
 */
import { createInterface } from 'node:readline/promises';
import { type Locale, pickText } from '@jiefen/core';
import { qingshanSampleFiling } from '@jiefen/core/demo';
// The slim resident entry plus one backend entry: what a page would bundle.
import {
  createClient,
  createIntakeWizard,
  formatSdkMessage,
  type IntakeStep,
  type IntakeWizardEvent,
  type IntakeWizardSnapshot,
  loadSdkMessages,
  memoryStorage,
  selectFieldErrors,
  selectSubmissionState,
} from '@jiefen/sdk/intake';
import { createLocalBackend } from '@jiefen/sdk/local';
import { createActor, waitFor } from 'xstate';

const STEP_TITLES: Record<IntakeStep, string> = {
  category: '1/6 纠纷类别',
  details: '2/6 事情经过',
  other_party: '3/6 对方当事人（可不填）',
  evidence: '4/6 证据材料',
  applicant: '5/6 申请人与隐私',
  review: '6/6 确认提交',
};

/** Render one snapshot as text: the step, its problems in the resident's language, the submission state. */
export function render(snapshot: IntakeWizardSnapshot, locale: Locale): string[] {
  const { context } = snapshot;
  const lines = [`— ${STEP_TITLES[context.step]} —`];
  if (context.step === 'category' && context.config) {
    lines.push(context.config.categories.map((c) => `${c.id}=${pickText(c.name, locale)}`).join('  '));
  }
  // Localized by the SDK's selector: the view does not know message keys.
  for (const [path, message] of Object.entries(selectFieldErrors(snapshot))) lines.push(`  ! ${path}: ${message}`);
  if (context.error) lines.push(`  ! ${formatSdkMessage(context.error.messageKey, context.error.params, locale)}`);
  const state = selectSubmissionState(snapshot);
  if (state !== 'editing') {
    const key = `sdk.outbox.${state}`;
    lines.push(`  ${formatSdkMessage(key, { caseNumber: context.submission?.number ?? '' }, locale)}`);
  }
  return lines;
}

/** What a resident types at each step in the scripted run, including one mistake to correct. */
function scriptedAnswers(): IntakeWizardEvent[] {
  const sample = qingshanSampleFiling();
  return [
    { type: 'intake.next' }, // nothing chosen yet: shows the required-field message
    { type: 'intake.change', values: { categoryId: sample.categoryId } },
    { type: 'intake.next' },
    {
      type: 'intake.change',
      values: {
        description: sample.description,
        startedOn: sample.startedOn,
        location: sample.location,
        answers: sample.answers,
        desiredOutcome: sample.desiredOutcome,
      },
    },
    { type: 'intake.next' },
    { type: 'intake.change', values: { otherParties: sample.otherParties } },
    { type: 'intake.next' },
    { type: 'intake.next' }, // no evidence: the step may be left empty
    { type: 'intake.change', values: { applicant: { ...sample.applicant, phone: '138' } } },
    { type: 'intake.next' }, // wrong phone number: shows the phone message
    { type: 'intake.set', path: 'applicant.phone', value: sample.applicant.phone },
    { type: 'intake.next' },
    { type: 'intake.submit' },
  ];
}

export async function main(options: { interactive?: boolean; locale?: Locale; log?: (line: string) => void } = {}) {
  const log = options.log ?? console.log;
  const locale = options.locale ?? 'zh-CN';
  await loadSdkMessages(locale);
  const client = createClient({ backend: createLocalBackend(), storage: memoryStorage() });
  const wizard = createActor(createIntakeWizard(client), { input: { locale } });
  // Facts arrive as emitted events: no diffing of snapshots.
  wizard.on('step_changed', (event) => log(`  (step ${event.previous} → ${event.step})`));
  wizard.on('received', (event) => log(`  (received ${event.receipt.caseNumber})`));
  wizard.start();
  /** Checks load lazily and submission is asynchronous: wait until the wizard is ready for input again. */
  const settled = () =>
    waitFor(wizard, (s) => s.matches({ editing: 'idle' }) || s.matches('received') || s.matches('failed'));
  await settled();
  log(render(wizard.getSnapshot(), locale).join('\n'));

  if (options.interactive) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    log('Type `field=value` (dot paths, JSON values), `next`, `back`, `submit` or `quit`.');
    while (!wizard.getSnapshot().matches('received')) {
      const line = (await rl.question('> ')).trim();
      if (line === 'quit') break;
      if (line === 'next' || line === 'back' || line === 'submit') wizard.send({ type: `intake.${line}` });
      else if (line.includes('=')) {
        const [path, raw] = [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)];
        let value: unknown = raw;
        try {
          value = JSON.parse(raw);
        } catch {}
        wizard.send({ type: 'intake.set', path, value });
      }
      await settled();
      log(render(wizard.getSnapshot(), locale).join('\n'));
    }
    rl.close();
  } else {
    for (const event of scriptedAnswers()) {
      log(`> ${JSON.stringify(event).slice(0, 100)}`);
      wizard.send(event);
      await settled();
      log(render(wizard.getSnapshot(), locale).join('\n'));
    }
  }
  const final = wizard.getSnapshot();
  wizard.stop();
  await client.close();
  return { state: String(final.value), caseNumber: final.context.receipt?.caseNumber };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await main({ interactive: process.argv.includes('--interactive') });
}
