/**
 * A custom interface on the SDK's headless actors: a terminal intake wizard. The actor owns the
 * steps, validation, the draft and the outbox; this file only renders snapshots and sends events, the
 * way a mini-program page or a React component would.
 *
 *   node_modules/.bin/tsx --conditions=source examples/sdk-custom-ui/src/main.ts            # scripted
 *   node_modules/.bin/tsx --conditions=source examples/sdk-custom-ui/src/main.ts --interactive
 */
import { createInterface } from 'node:readline/promises';
import { formatMessage, type Locale, pickText } from '@jiefen/core';
import { qingshanSampleFiling } from '@jiefen/core/demo';
import {
  createClient,
  formatSdkMessage,
  type IntakeStep,
  type IntakeWizardEvent,
  intakeWizardMachine,
  memoryStorage,
} from '@jiefen/sdk';
import { createActor, type SnapshotFrom, waitFor } from 'xstate';

type Snapshot = SnapshotFrom<typeof intakeWizardMachine>;

const STEP_TITLES: Record<IntakeStep, string> = {
  category: '1/5 纠纷类别',
  details: '2/5 事情经过',
  parties: '3/5 当事人',
  privacy: '4/5 隐私选择',
  review: '5/5 确认提交',
};

/** Render one snapshot as text: the step, its problems in the resident's language, the submission state. */
export function render(snapshot: Snapshot, locale: Locale): string[] {
  const { context } = snapshot;
  const lines = [`— ${STEP_TITLES[context.step]} —`];
  if (context.step === 'category' && context.config) {
    lines.push(context.config.categories.map((c) => `${c.id}=${pickText(c.name, locale)}`).join('  '));
  }
  for (const issue of context.issues)
    lines.push(`  ! ${issue.path}: ${formatMessage(issue.key, issue.params, locale)}`);
  if (context.error) lines.push(`  ! ${formatSdkMessage(context.error.messageKey, context.error.params, locale)}`);
  if (context.submission) {
    const key = `sdk.outbox.${context.submission.state}`;
    lines.push(`  ${formatSdkMessage(key, { caseNumber: context.submission.number ?? '' }, locale)}`);
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
    {
      type: 'intake.change',
      values: { applicant: { ...sample.applicant, phone: '138' }, otherParties: sample.otherParties },
    },
    { type: 'intake.next' }, // wrong phone number: shows the phone message
    { type: 'intake.set', path: 'applicant.phone', value: sample.applicant.phone },
    { type: 'intake.next' },
    { type: 'intake.next' },
    { type: 'intake.submit' },
  ];
}

export async function main(options: { interactive?: boolean; locale?: Locale; log?: (line: string) => void } = {}) {
  const log = options.log ?? console.log;
  const locale = options.locale ?? 'zh-CN';
  const client = createClient({ backend: { type: 'local' }, storage: memoryStorage() });
  const wizard = createActor(intakeWizardMachine, { input: { client, locale } }).start();
  await waitFor(wizard, (s) => !s.matches('loading'));
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
      log(render(wizard.getSnapshot(), locale).join('\n'));
      if (wizard.getSnapshot().matches('pending')) await waitFor(wizard, (s) => !s.matches('pending'));
    }
    rl.close();
  } else {
    for (const event of scriptedAnswers()) {
      log(`> ${JSON.stringify(event).slice(0, 100)}`);
      wizard.send(event);
      if (wizard.getSnapshot().matches('submitting') || wizard.getSnapshot().matches('pending')) {
        await waitFor(wizard, (s) => s.matches('received') || s.matches('editing'));
      }
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
