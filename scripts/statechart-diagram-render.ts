/**
 * Renders docs/statechart.md from the statecharts themselves, so the picture cannot drift from the
 * code: every state, transition, guard and event below is read off the machine objects and the event
 * catalog. Kept free of I/O so a test can check that nothing is dropped.
 */
import { CASE_EVENTS, type CaseEventType, caseMachine, departmentMachine, ROLES } from '../packages/core/src/index.js';

/** The parts of an XState v5 StateNode this renderer reads (structural, so no xstate import is needed here). */
export interface ChartNode {
  id: string;
  key: string;
  path: readonly string[];
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  description?: string | undefined;
  states: Record<string, ChartNode>;
  initial?: { target: readonly ChartNode[] } | undefined;
  transitions: Map<string, readonly ChartTransition[]>;
  always?: readonly ChartTransition[] | undefined;
  entry: readonly unknown[];
  exit: readonly unknown[];
}

export interface ChartTransition {
  eventType: string;
  target?: readonly ChartNode[] | undefined;
  guard?: unknown;
  actions: readonly unknown[];
  reenter: boolean;
}

export interface ChartMachine {
  id: string;
  root: ChartNode;
}

/** The guard every case transition carries (the catalog's role rule); left off diagram labels as noise. */
const ROLE_GUARD = 'authorized';

interface Edge {
  source: ChartNode;
  event: string;
  /** The guard in full, for the tables. */
  guard: string | undefined;
  /** The guard without the role guard, for diagram labels. */
  diagramGuard: string | undefined;
  targets: readonly ChartNode[];
  actions: string[];
  reenter: boolean;
}

/** Depth first, in definition order (the order the machine author chose). */
function* walk(node: ChartNode): Generator<ChartNode> {
  yield node;
  for (const child of Object.values(node.states)) yield* walk(child);
}

/**
 * Name of a guard: `authorized`; `and(['authorized', 'satisfied'])` → `authorized and satisfied`; `not x`.
 * `omit` drops one guard from the conjunction (the role guard, on diagram labels).
 */
export function guardLabel(guard: unknown, omit?: string, nested = false): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard === omit ? undefined : guard;
  if (typeof guard === 'object' && 'type' in guard && typeof guard.type === 'string') {
    return guard.type === omit ? undefined : guard.type;
  }
  if (typeof guard === 'function') {
    // XState's and/or/not are functions named after themselves that carry their operands in `guards`.
    const { name, guards } = guard as { name?: string; guards?: unknown };
    if (!Array.isArray(guards)) return name || 'inline guard';
    const parts = guards
      .map((g) => guardLabel(g, name === 'and' ? omit : undefined, true))
      .filter((p): p is string => p !== undefined);
    if (parts.length === 0) return undefined;
    if (name === 'not') return `not ${parts[0]}`;
    if (parts.length === 1) return parts[0];
    const joined = parts.join(name === 'or' ? ' or ' : ' and ');
    return nested ? `(${joined})` : joined;
  }
  return 'inline guard';
}

function actionLabel(action: unknown): string {
  if (typeof action === 'string') return action;
  if (typeof action === 'object' && action !== null && 'type' in action && typeof action.type === 'string') {
    return action.type;
  }
  if (typeof action === 'function') {
    const named = action as { type?: unknown; name?: string };
    return typeof named.type === 'string' ? named.type : named.name || 'inline action';
  }
  return 'inline action';
}

/** `xstate.after.1000.case.x` → `after 1000`; eventless transitions read as `always`. */
function eventLabel(eventType: string): string {
  const after = /^xstate\.after\.([^.]+)\./.exec(eventType);
  if (after) return `after ${after[1]}`;
  return eventType === '' ? 'always' : eventType;
}

function edgesOf(node: ChartNode): Edge[] {
  const edges: Edge[] = [];
  const add = (t: ChartTransition) =>
    edges.push({
      source: node,
      event: eventLabel(t.eventType),
      guard: guardLabel(t.guard),
      diagramGuard: guardLabel(t.guard, ROLE_GUARD),
      targets: t.target ?? [],
      actions: t.actions.map(actionLabel),
      reenter: t.reenter,
    });
  for (const transitions of node.transitions.values()) for (const t of transitions) add(t);
  for (const t of node.always ?? []) add({ ...t, eventType: '' });
  return edges;
}

/** Mermaid ids must be unique in the whole diagram and free of dots; prefixing avoids keywords (`state`, `note`). */
const mermaidId = (node: ChartNode) => ['s', ...node.path].join('_').replace(/[^A-Za-z0-9_]/g, '_');

const quote = (text: string) => text.replace(/"/g, "'");

/** Mermaid edge labels break on `:` … `;`, `#` and braces; keep them to plain words. */
const edgeText = (text: string) => text.replace(/[;#{}:]/g, ' ');

function edgeLabel(edge: Edge): string {
  return edgeText(edge.diagramGuard ? `${edge.event} [${edge.diagramGuard}]` : edge.event);
}

function renderMermaid(machine: ChartMachine): string {
  const lines: string[] = ['stateDiagram-v2'];
  const parentEdges: string[] = [];
  const pad = (depth: number) => '  '.repeat(depth + 1);

  // Mermaid moves a state into whichever composite block mentions it in an edge, so a block holds only
  // edges between its own direct children; every edge that crosses a boundary is written at top level.
  const emitChildren = (node: ChartNode, depth: number) => {
    const children = Object.values(node.states);
    const initial = node.initial?.target[0];
    if (initial && node.type !== 'parallel') lines.push(`${pad(depth)}[*] --> ${mermaidId(initial)}`);
    children.forEach((child, index) => {
      if (node.type === 'parallel' && index > 0) lines.push(`${pad(depth)}--`);
      emitState(child, depth);
    });
    for (const child of children) {
      if (child.type === 'final') lines.push(`${pad(depth)}${mermaidId(child)} --> [*]`);
    }
    for (const child of children) {
      for (const edge of edgesOf(child)) {
        for (const target of edge.targets) {
          const line = `${mermaidId(child)} --> ${mermaidId(target)} : ${edgeLabel(edge)}`;
          if (target.path.length === child.path.length && target.path.slice(0, -1).join('.') === node.path.join('.')) {
            lines.push(pad(depth) + line);
          } else {
            parentEdges.push(pad(0) + line);
          }
        }
      }
    }
  };

  const emitState = (node: ChartNode, depth: number) => {
    const label = node.type === 'history' ? 'H' : node.key;
    if (Object.keys(node.states).length === 0) {
      lines.push(`${pad(depth)}state "${quote(label)}" as ${mermaidId(node)}`);
      return;
    }
    lines.push(`${pad(depth)}state "${quote(label)}" as ${mermaidId(node)} {`);
    emitChildren(node, depth + 1);
    lines.push(`${pad(depth)}}`);
  };

  emitChildren(machine.root, 0);
  lines.push(...parentEdges);
  return lines.join('\n');
}

const code = (text: string) => `\`${text}\``;
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const statePath = (node: ChartNode) => (node.path.length ? node.path.join('.') : '(root)');

function renderStateTable(machine: ChartMachine): string {
  const rows = ['| state | id | kind | initial child | on entry / exit | description |', '|---|---|---|---|---|---|'];
  for (const node of walk(machine.root)) {
    if (node === machine.root) continue;
    const initial = node.initial?.target[0];
    const effects = [
      ...node.entry.map((a) => `entry ${code(actionLabel(a))}`),
      ...node.exit.map((a) => `exit ${code(actionLabel(a))}`),
    ].join(', ');
    rows.push(
      `| ${code(statePath(node))} | ${code(`#${node.id}`)} | ${node.type} | ${initial ? code(initial.key) : ''} | ${effects} | ${cell(node.description ?? '')} |`,
    );
  }
  return rows.join('\n');
}

function renderTransitionTable(machine: ChartMachine): string {
  const rows = ['| in state | event | guard | goes to | actions |', '|---|---|---|---|---|'];
  for (const node of walk(machine.root)) {
    for (const edge of edgesOf(node)) {
      const target = edge.targets.length
        ? edge.targets.map((t) => code(statePath(t))).join(', ') + (edge.reenter ? ' (re-entered)' : '')
        : 'stays (no state change)';
      rows.push(
        `| ${code(statePath(node))} | ${code(edge.event)} | ${edge.guard ? code(edge.guard) : ''} | ${target} | ${edge.actions.map(code).join(', ')} |`,
      );
    }
  }
  return rows.join('\n');
}

function renderEventTable(machine: ChartMachine): string {
  const handledIn = new Map<string, Set<string>>();
  for (const node of walk(machine.root)) {
    for (const edge of edgesOf(node)) {
      const states = handledIn.get(edge.event) ?? new Set<string>();
      states.add(statePath(node));
      handledIn.set(edge.event, states);
    }
  }
  const roleOrder = (role: string) => (ROLES as readonly string[]).indexOf(role);
  const rows = ['| event | roles allowed to send it | resident sees it | handled in |', '|---|---|---|---|'];
  for (const type of Object.keys(CASE_EVENTS) as CaseEventType[]) {
    const { roles, visibility } = CASE_EVENTS[type];
    const sortedRoles = [...roles].sort((a, b) => roleOrder(a) - roleOrder(b));
    const states = [...(handledIn.get(type) ?? [])].sort();
    rows.push(
      `| ${code(type)} | ${sortedRoles.map(code).join(', ')} | ${visibility === 'resident' ? 'yes' : 'no (internal)'} | ${
        states.length ? states.map(code).join(', ') : '**not handled by the chart**'
      } |`,
    );
  }
  const unknown = [...handledIn.keys()].filter((type) => !Object.hasOwn(CASE_EVENTS, type)).sort();
  if (unknown.length)
    rows.push('', `Handled by the chart but missing from the catalog: ${unknown.map(code).join(', ')}.`);
  return rows.join('\n');
}

function renderMachine(title: string, machine: ChartMachine, intro: string): string {
  return [
    `## ${title} (${code(machine.id)})`,
    '',
    intro,
    '',
    '```mermaid',
    renderMermaid(machine),
    '```',
    '',
    '### States',
    '',
    renderStateTable(machine),
    '',
    '### Transitions',
    '',
    renderTransitionTable(machine),
  ].join('\n');
}

/** The default subjects: the case statechart and the per-department chart it runs inside joint handling. */
export const DEFAULT_MACHINES: { caseMachine: ChartMachine; departmentMachine: ChartMachine } = {
  caseMachine,
  departmentMachine,
};

/**
 * The whole of docs/statechart.md as a string. Deterministic: the same machines give the same bytes.
 * States and transitions keep the order they are written in the machine (that order is the story of
 * the closed loop); roles are listed in `ROLES` order and state lists are sorted.
 */
export function renderStatechartMarkdown(machines: typeof DEFAULT_MACHINES = DEFAULT_MACHINES): string {
  return `${[
    '# Statecharts',
    '',
    '<!-- Generated by scripts/statechart-diagram.ts from packages/core/src/workflow. Do not edit by hand: run `pnpm diagram`. -->',
    '',
    'Jiefen runs every dispute through one XState statechart, the closed loop (闭环) of the domain:',
    'registration, first-line mediation, risk assessment, routing, joint handling with mediation,',
    'follow-up and closure. Each department called into joint handling runs its own small chart',
    '(acknowledge, report, complete, with urging and escalation on its deadlines), stored in the case.',
    'The server and the SDK run these same charts, so what you see here is what they enforce.',
    '',
    `Diagram edges are labelled with the event type and, in brackets, the guard. The role guard ${code(ROLE_GUARD)}`,
    '(the sender must have one of the roles in the event table at the end) is left off the diagram; the',
    'transition tables show every guard in full. Events handled without a change of state (notes,',
    'evidence, clock ticks that only urge) appear only in the tables.',
    '',
    renderMachine(
      'Case',
      machines.caseMachine,
      'A case starts in the initial state below and ends in one of the final states.',
    ),
    '',
    renderMachine(
      'Department',
      machines.departmentMachine,
      'One copy per called department (中心吹哨、部门报到). The case forwards department events, urging and clock ticks to it.',
    ),
    '',
    '## Case events',
    '',
    'Who may send each event (checked by the server and by the chart), and whether the resident sees it in',
    'their timeline. "Handled in" lists the states of the case chart that react to it.',
    '',
    renderEventTable(machines.caseMachine),
  ].join('\n')}\n`;
}
