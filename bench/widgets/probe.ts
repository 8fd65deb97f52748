// Runs in each page before any of its own scripts (an init script): records, from navigation start,
// when the first form field can take input — searching open shadow roots too, so a web component is
// measured like a plain form — plus long tasks, layout shifts and CSP violations.
export const PROBE_SCRIPT = `(() => {
  const state = { firstField: null, firstFieldTag: null, longTasks: [], layoutShift: 0, violations: [] };
  window.__jfBench = state;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) state.layoutShift += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
  } catch {}
  document.addEventListener('securitypolicyviolation', (e) => {
    state.violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
  }, true);
  const FIELDS = 'input:not([type=hidden]),select,textarea,[role=radio],[role=checkbox],[role=combobox],[role=textbox],[contenteditable=true]';
  const usable = (el) => {
    if (el.disabled || el.readOnly || el.getAttribute('aria-disabled') === 'true') return false;
    const box = el.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0.1;
  };
  const find = (root) => {
    for (const el of root.querySelectorAll(FIELDS)) if (usable(el)) return el;
    for (const host of root.querySelectorAll('*')) {
      if (host.shadowRoot) {
        const inner = find(host.shadowRoot);
        if (inner) return inner;
      }
    }
    return null;
  };
  const look = (now) => {
    const field = document.body ? find(document) : null;
    if (field) {
      state.firstField = now;
      state.firstFieldTag = field.tagName.toLowerCase() + (field.type ? '[type=' + field.type + ']' : '');
      return;
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();`;
