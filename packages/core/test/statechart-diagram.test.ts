import { describe, expect, it } from 'vitest';
import { guardLabel, renderStatechartMarkdown } from '../../../scripts/statechart-diagram-render.js';
import { CASE_EVENT_TYPES, caseMachine, departmentMachine } from '../src/index.js';

interface Node {
  id: string;
  states: Record<string, Node>;
}
const stateIds = (node: Node): string[] => [node.id, ...Object.values(node.states).flatMap(stateIds)];

const mermaidBlocks = (markdown: string) => [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');

describe('the statechart document', () => {
  const markdown = renderStatechartMarkdown();

  it('names every state of the case and department machines', () => {
    const ids = [...stateIds(caseMachine.root), ...stateIds(departmentMachine.root)].filter(
      (id) => id !== 'case' && id !== 'department',
    );
    expect(ids.length).toBeGreaterThan(10);
    for (const id of ids) expect(markdown, id).toContain(`\`#${id}\``);
  });

  it('lists every case event with its roles', () => {
    for (const type of CASE_EVENT_TYPES)
      expect(markdown, type).toMatch(new RegExp(`^\\| \`${type}\` \\| \`[a-z_]+\``, 'm'));
  });

  it('draws one diagram per machine with every state in it', () => {
    const [caseDiagram, departmentDiagram] = mermaidBlocks(markdown);
    expect(caseDiagram).toMatch(/^stateDiagram-v2\n/);
    expect(departmentDiagram).toMatch(/^stateDiagram-v2\n/);
    for (const key of Object.keys(caseMachine.root.states)) expect(caseDiagram).toContain(`state "${key}" as`);
    expect(caseDiagram).toContain('[*] --> ');
    expect(caseDiagram).toMatch(/ --> \[\*\]$/m);
  });

  it('labels guarded edges with the guard but leaves out the role guard', () => {
    const [caseDiagram = ''] = mermaidBlocks(markdown);
    expect(caseDiagram).toMatch(/ : resident\.rate \[satisfied\]$/m);
    expect(caseDiagram).not.toContain('authorized');
  });

  it('renders the same bytes every time', () => {
    expect(renderStatechartMarkdown()).toBe(markdown);
  });
});

describe('guardLabel', () => {
  it('names plain, object and combined guards', () => {
    const and = Object.assign(() => false, { guards: ['authorized', 'satisfied'] });
    Object.defineProperty(and, 'name', { value: 'and' });
    expect(guardLabel('satisfied')).toBe('satisfied');
    expect(guardLabel({ type: 'mayReopen', params: {} })).toBe('mayReopen');
    expect(guardLabel(and)).toBe('authorized and satisfied');
    expect(guardLabel(and, 'authorized')).toBe('satisfied');
    expect(guardLabel('authorized', 'authorized')).toBeUndefined();
  });
});
