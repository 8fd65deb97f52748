// Drives a case through the closed loop on the SDK's local backend, the way centre staff would
// (each step a statechart command sent as the role that may send it). Shared by the tracker's browser
// tests and its stories, so both show the same cases.
import type { CaseCommand } from '@jiefen/core';
import { qingshanSampleFiling, qingshanTenant } from '@jiefen/core/demo';
import { type CaseReceipt, createClient, type JiefenClient, memoryStorage } from '@jiefen/sdk';
import { createLocalBackend, type LocalBackend } from '@jiefen/sdk/local';

type Staff = { role: 'coordinator' | 'department_handler' | 'supervisor' | 'intake_officer'; departmentId?: string };
type Step = { command: CaseCommand; as?: Staff };

const handler = (departmentId: string): Staff => ({ role: 'department_handler', departmentId });
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** The loop's milestones, each reached by the steps after the previous one (cumulative). */
export const LOOP: ReadonlyArray<{ name: LoopStage; steps: Step[] }> = [
  { name: 'registration', steps: [] },
  {
    name: 'information_requested',
    steps: [
      {
        command: {
          type: 'intake.request_information',
          message: '请补充劳动合同或工资条的照片，并说明拖欠的月数。',
          fields: ['attachments', 'months_unpaid'],
        },
      },
    ],
  },
  {
    name: 'risk_assessment',
    steps: [
      {
        command: {
          type: 'resident.supply_information',
          message: '合同没有签，工资条照片在补充材料里。',
        } as CaseCommand,
      },
      { command: { type: 'intake.accept', firstLineMediation: false } },
    ],
  },
  { name: 'routing', steps: [{ command: { type: 'risk.assess', level: 'low' } }] },
  {
    name: 'joint_handling',
    steps: [
      {
        command: {
          type: 'routing.route',
          complexity: 'complex',
          level: 'town',
          departmentIds: ['labour-bureau', 'justice-songlin'],
        },
      },
      { command: { type: 'department.acknowledge', departmentId: 'labour-bureau' }, as: handler('labour-bureau') },
      { command: { type: 'supervision.urge', departmentId: 'justice-songlin' }, as: { role: 'supervisor' } },
      {
        command: { type: 'handling.convene_session', at: inDays(2), mode: 'in_person', place: '松林镇综治中心二楼' },
      },
    ],
  },
  {
    name: 'mediation',
    steps: [
      { command: { type: 'mediation.start', mediator: '陈调解员' } },
      {
        command: {
          type: 'mediation.schedule_session',
          at: inDays(3),
          mode: 'video',
          place: 'https://meet.example.cn/jf/7K2Q',
        },
      },
    ],
  },
  { name: 'follow_up', steps: [{ command: { type: 'outcome.agreement', summary: '厂方同意分两期结清工资。' } }] },
  {
    name: 'closed',
    steps: [{ command: { type: 'followup.record', score: 5 } as CaseCommand, as: { role: 'intake_officer' } }],
  },
];
export type LoopStage =
  | 'registration'
  | 'information_requested'
  | 'risk_assessment'
  | 'routing'
  | 'joint_handling'
  | 'mediation'
  | 'follow_up'
  | 'closed';

let n = 0;

/** A client on a fresh local backend (memory storage, actions retried only when asked). */
export function loopClient(): { client: JiefenClient; backend: LocalBackend } {
  const backend = createLocalBackend({ tenant: qingshanTenant, databaseName: `jf-tracker-${Date.now()}-${n++}` });
  const client = createClient({ backend, storage: memoryStorage(), outbox: { retryBaseMs: 60_000 } });
  return { client, backend };
}

/** Send one staff (or resident) step to the local backend. */
async function run(backend: LocalBackend, receipt: CaseReceipt, step: Step): Promise<void> {
  if (step.command.type.startsWith('resident.')) {
    await backend.sendCaseAction(
      { caseNumber: receipt.caseNumber, accessCode: receipt.accessCode },
      step.command as never,
      { idempotencyKey: crypto.randomUUID() },
    );
    return;
  }
  const staff = step.as ? backend.staffAs({ ...step.as, id: `story-${step.as.role}` }) : backend.staff;
  await staff.transition(receipt.caseNumber, step.command);
}

/** Move a filed case on until it reaches `stage`. */
export async function advanceTo(backend: LocalBackend, receipt: CaseReceipt, from: LoopStage, to: LoopStage) {
  const start = LOOP.findIndex((s) => s.name === from);
  const end = LOOP.findIndex((s) => s.name === to);
  for (const milestone of LOOP.slice(start + 1, end + 1))
    for (const step of milestone.steps) await run(backend, receipt, step);
}

/** File the demo labour case and move it to `stage`. */
export async function caseAt(stage: LoopStage, from = loopClient()) {
  const receipt = await from.client.fileCase(qingshanSampleFiling());
  await advanceTo(from.backend, receipt, 'registration', stage);
  return { ...from, receipt };
}
