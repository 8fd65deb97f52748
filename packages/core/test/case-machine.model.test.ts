/**
 * Model-based tests: @xstate/graph explores every state the case statechart can reach from
 * registration under a representative set of events from every role, and the invariants of the
 * closed loop are checked on every reachable state and every transition between them.
 */
import { getAdjacencyMap } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { type AnyStateNode, getStateNodes } from 'xstate';
import {
  advanceCase,
  type CaseMachineEvent,
  type CaseSnapshot,
  caseMachine,
  departmentMachine,
  departmentPhase,
  nextDeadline,
  openCase,
  type WorkflowActor,
} from '../src/index.js';
import { actors, at, filingInput, T0, tenant } from './fixtures.js';

const input = {
  caseNumber: 'JF-20261126-MODEL',
  tenantId: tenant.id,
  filing: filingInput() as never,
  // One reopening instead of two keeps the space a third smaller; the limit itself is unit-tested.
  sla: { ...tenant.sla, maxReopens: 1 },
  publicSecurityDepartmentId: 'police',
  now: T0,
};

/** Ticks far enough apart to cross acknowledgement, escalation and every long deadline. */
const TICKS = [6, 40, 24 * 40];

type Command = Record<string, unknown> & { type: string };
const withActor = (command: Command, actor: WorkflowActor, hours = 1): CaseMachineEvent =>
  ({ ...command, actor, now: at(hours) }) as unknown as CaseMachineEvent;

/** Representative events from every role; the chart decides which ones apply. */
function sampleEvents(snapshot: CaseSnapshot): CaseMachineEvent[] {
  const events: CaseMachineEvent[] = [
    withActor(
      { type: 'intake.accept', firstLineMediation: true, mediatorDepartmentId: 'willow-committee' },
      actors.intake,
    ),
    withActor({ type: 'intake.accept', firstLineMediation: false }, actors.intake),
    withActor({ type: 'intake.request_information', message: '请补充', fields: [] }, actors.intake),
    withActor({ type: 'intake.decline', referral: { channel: '信访', note: '不属受理范围' } }, actors.intake),
    withActor({ type: 'intake.mark_duplicate', duplicateOf: 'JF-20261101-AAAAA' }, actors.intake),
    withActor({ type: 'resident.supply_information', message: '已补充' }, actors.resident),
    withActor({ type: 'mediation.first_line_succeeded', summary: '成功' }, actors.coordinator),
    withActor({ type: 'mediation.first_line_failed' }, actors.handler('willow-committee')),
    withActor({ type: 'risk.assess', level: 'low' }, actors.coordinator),
    withActor({ type: 'risk.assess', level: 'critical' }, actors.coordinator),
    withActor(
      { type: 'routing.route', complexity: 'simple', level: 'village', departmentIds: ['justice'] },
      actors.coordinator,
    ),
    withActor({ type: 'handling.convene_session', at: at(30), mode: 'video' }, actors.coordinator),
    withActor({ type: 'supervision.urge' }, actors.supervisor),
    withActor({ type: 'mediation.start' }, actors.coordinator),
    withActor({ type: 'mediation.schedule_session', at: at(30), mode: 'in_person' }, actors.coordinator),
    withActor({ type: 'mediation.record_session', summary: '已调解' }, actors.coordinator),
    withActor({ type: 'outcome.agreement', summary: '协议' }, actors.coordinator),
    withActor({ type: 'outcome.request_judicial_confirmation', summary: '协议' }, actors.coordinator),
    withActor({ type: 'judicial.confirmed' }, actors.coordinator),
    withActor({ type: 'judicial.refused', reason: '不予确认' }, actors.coordinator),
    withActor({ type: 'outcome.refer', route: 'litigation', note: '诉讼' }, actors.coordinator),
    withActor({ type: 'resident.rate', score: 5 }, actors.resident),
    withActor({ type: 'resident.rate', score: 1 }, actors.resident),
    withActor({ type: 'followup.record', score: 4 }, actors.intake),
    withActor({ type: 'followup.record', score: 2 }, actors.intake),
    withActor({ type: 'resident.request_reopen', reason: '未履行' }, actors.resident),
    withActor({ type: 'resident.withdraw' }, actors.resident),
    withActor({ type: 'supervision.correct', note: '应予受理' }, actors.supervisor),
    withActor(
      { type: 'resident.add_evidence', attachments: [{ id: 'f1', name: 'a.jpg', mediaType: 'image/jpeg', size: 10 }] },
      actors.resident,
    ),
    withActor({ type: 'case.add_note', text: '备注' }, actors.coordinator),
    ...TICKS.map((hours) => withActor({ type: 'clock.tick' }, actors.system, hours)),
  ];
  // At most two departments at once keeps the explored space small while still exercising
  // departments that run side by side.
  if (Object.keys(snapshot.context.assignments).length < 2) {
    events.push(withActor({ type: 'handling.call_departments', departmentIds: ['labour'] }, actors.coordinator));
  }
  for (const departmentId of Object.keys(snapshot.context.assignments)) {
    const handler = actors.handler(departmentId);
    events.push(
      withActor({ type: 'department.acknowledge', departmentId }, handler),
      withActor({ type: 'department.report_progress', departmentId, summary: '进展' }, handler),
      withActor({ type: 'department.complete', departmentId, summary: '办结' }, handler),
      withActor({ type: 'supervision.urge', departmentId }, actors.supervisor),
      withActor({ type: 'supervision.escalate', departmentId, note: '督办' }, actors.supervisor),
    );
  }
  return events;
}

/** Abstract a snapshot to what the rules depend on, so the explored state space stays finite. */
function serializeState(snapshot: CaseSnapshot): string {
  const c = snapshot.context;
  return JSON.stringify({
    value: snapshot.value,
    departments: Object.entries(c.assignments).map(([id, a]) => [id, a.value]),
    stage: c.stageSupervision ? [c.stageSupervision.stage, c.stageSupervision.level] : null,
    urgent: c.risk?.publicSecurityCalled ?? null,
    reopenings: c.followUp.reopenings.length,
    rated: c.followUp.rating?.score ?? null,
    outcome: c.outcome?.kind ?? null,
    referral: Boolean(c.referral),
  });
}

const options = { input, events: sampleEvents, serializeState: (s: CaseSnapshot) => serializeState(s) };
const adjacency = getAdjacencyMap(caseMachine, options as never) as unknown as Record<
  string,
  { state: CaseSnapshot; transitions: Record<string, { event: CaseMachineEvent; state: CaseSnapshot }> }
>;
const vertices = Object.entries(adjacency);
const edges = vertices.flatMap(([from, { state, transitions }]) =>
  Object.values(transitions).map((t) => ({ from, state, event: t.event, next: t.state, to: serializeState(t.state) })),
);
const changedEdges = edges.filter((e) => e.next !== e.state);
const nodeIds = (s: CaseSnapshot) => new Set(getStateNodes(caseMachine.root, s.value).map((n) => n.id));

function allStateNodes(node: AnyStateNode): AnyStateNode[] {
  return [node, ...Object.values(node.states).flatMap((child) => allStateNodes(child as AnyStateNode))];
}

describe('the case statechart, explored', { timeout: 120_000 }, () => {
  it('explores a non-trivial graph', () => {
    console.info(
      `explored ${vertices.length} abstract case states, ${edges.length} (state, event) pairs, ${changedEdges.length} transitions`,
    );
    expect(vertices.length).toBeGreaterThan(100);
    expect(changedEdges.length).toBeGreaterThan(500);
  });

  it('reaches every state of the case chart from registration', () => {
    const reached = new Set(vertices.flatMap(([, v]) => [...nodeIds(v.state)]));
    const all = allStateNodes(caseMachine.root).map((n) => n.id);
    expect(all.filter((id) => !reached.has(id))).toEqual([]);
  });

  it('reaches every state of the department chart inside reachable cases', () => {
    const reached = new Set(
      vertices.flatMap(([, v]) =>
        Object.values(v.state.context.assignments).flatMap((a) =>
          getStateNodes(departmentMachine.root, a.value).map((n) => n.id),
        ),
      ),
    );
    const all = allStateNodes(departmentMachine.root).map((n) => n.id);
    expect(all.filter((id) => !reached.has(id))).toEqual([]);
  });

  it('takes every transition the chart defines', () => {
    const missing: string[] = [];
    for (const node of allStateNodes(caseMachine.root)) {
      for (const [eventType, definitions] of node.transitions) {
        for (const definition of definitions) {
          const targets = (definition.target ?? []).map((t: AnyStateNode) => t.id);
          const taken = changedEdges.some(
            (e) =>
              e.event.type === eventType &&
              nodeIds(e.state).has(node.id) &&
              (targets.length === 0
                ? JSON.stringify(e.next.value) === JSON.stringify(e.state.value)
                : targets.every((id) => nodeIds(e.next).has(id))),
          );
          if (!taken) missing.push(`${node.id} --${eventType}--> ${targets.join(',') || '(self)'}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('reaches both final states, and a final state is reachable from every reachable state', () => {
    const finals = new Set(vertices.filter(([, v]) => v.state.status === 'done').map(([k]) => k));
    expect(new Set([...finals].map((k) => adjacency[k]!.state.value))).toEqual(new Set(['closed', 'withdrawn']));
    // Walk the graph backwards from the finals.
    const canFinish = new Set(finals);
    let grew = true;
    while (grew) {
      grew = false;
      for (const e of changedEdges) {
        if (canFinish.has(e.to) && !canFinish.has(e.from)) {
          canFinish.add(e.from);
          grew = true;
        }
      }
    }
    expect(vertices.map(([k]) => k).filter((k) => !canFinish.has(k))).toEqual([]);
  });

  it('no case closes without a resolution, a decline or a withdrawal', () => {
    for (const e of changedEdges.filter((edge) => edge.next.value === 'closed')) {
      const closure = e.next.context.closure;
      expect(closure).toBeDefined();
      if (closure?.reason === 'resolved') {
        expect(e.state.matches('followUp')).toBe(true);
        expect(e.next.context.outcome).toBeDefined();
      } else if (closure?.reason === 'declined') {
        expect(e.state.value).toBe('declined');
      } else {
        expect(closure?.reason).toBe('duplicate');
        expect(e.event.type).toBe('intake.mark_duplicate');
      }
    }
  });

  it('a department never reports before it acknowledges', () => {
    for (const [, { state }] of vertices) {
      for (const assignment of Object.values(state.context.assignments)) {
        const { reports, acknowledgedAt } = assignment.context;
        if (reports.length > 0) {
          expect(acknowledgedAt).toBeDefined();
          expect(reports.every((r) => Date.parse(r.at) >= Date.parse(acknowledgedAt!))).toBe(true);
        }
      }
    }
    for (const e of changedEdges.filter(
      (edge) => edge.event.type === 'department.report_progress' || edge.event.type === 'department.complete',
    )) {
      const departmentId = (e.event as { departmentId: string }).departmentId;
      expect(departmentPhase(e.state.context.assignments[departmentId]!)).toBe('handling');
    }
  });

  it('nextDeadline is exactly when the clock can next change a case', () => {
    // What the server's scheduler relies on: a tick at the reported deadline changes the case, a tick
    // just before it does not, and a case with no deadline never changes by the clock alone.
    const farFuture = '2036-01-01T00:00:00.000Z';
    for (const [key, { state }] of vertices) {
      if (state.status !== 'active') continue;
      const due = nextDeadline(state);
      if (due === undefined) {
        const later = advanceCase(state, { type: 'clock.tick' }, actors.system, farFuture);
        expect(later.ok && later.changed, `${key}: no deadline, but a tick changed it`).toBe(false);
        continue;
      }
      const before = advanceCase(
        state,
        { type: 'clock.tick' },
        actors.system,
        new Date(Date.parse(due) - 1).toISOString(),
      );
      expect(before.ok && before.changed, `${key}: changed before its deadline ${due}`).toBe(false);
      const at = advanceCase(state, { type: 'clock.tick' }, actors.system, due);
      expect(at.ok && at.changed, `${key}: unchanged at its deadline ${due}`).toBe(true);
    }
  });

  it('high and critical risk always bring in public security', () => {
    for (const [, { state }] of vertices) {
      if (state.context.risk?.publicSecurityCalled) expect(state.context.assignments.police).toBeDefined();
    }
  });

  it('a withdrawn or closed case accepts no further change from anyone', () => {
    const finished = vertices.filter(([, v]) => v.state.status === 'done').map(([, v]) => v.state);
    expect(finished.length).toBeGreaterThan(0);
    for (const state of finished) {
      for (const event of sampleEvents(state)) {
        const { actor, now, ...command } = event;
        const result = advanceCase(state, command, actor, now, tenant);
        expect(result.ok).toBe(false);
      }
    }
    for (const e of edges.filter((edge) => edge.state.status === 'done')) expect(e.next).toBe(e.state);
  });

  it('replaying the shortest path to every state through advanceCase (what the server runs) lands in the same state', () => {
    // Breadth-first over the explored graph gives a shortest path to every state; replaying the
    // tree edge by edge checks every path while running each step once.
    const initial = openCase(input).snapshot;
    const start = serializeState(initial);
    const replayed = new Map<string, CaseSnapshot>([[start, initial]]);
    const queue = [start];
    while (queue.length > 0) {
      const key = queue.shift()!;
      const snapshot = replayed.get(key)!;
      for (const { event, state } of Object.values(adjacency[key]!.transitions)) {
        const target = serializeState(state);
        if (replayed.has(target)) continue;
        const { actor, now, ...command } = event;
        const result = advanceCase(snapshot, command, actor, now, tenant);
        expect(result.ok, `${key} --${event.type}-->`).toBe(true);
        if (!result.ok) continue;
        expect(serializeState(result.snapshot)).toBe(target);
        replayed.set(target, result.snapshot);
        queue.push(target);
      }
    }
    expect(replayed.size).toBe(vertices.length);
  });
});
