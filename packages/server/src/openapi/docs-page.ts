/**
 * A self-contained reference page: it fetches the OpenAPI document and renders it with a few lines of
 * script served from this origin (no CDN: portals' networks are often closed, and CSP stays 'self').
 */
export const DOCS_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Jiefen API reference</title>
<link rel="stylesheet" href="/api/v1/docs/style.css">
</head>
<body>
<header><h1>解纷 Jiefen REST API</h1><p id="intro"></p><p><a href="/api/v1/openapi.json">openapi.json</a></p></header>
<nav id="toc"></nav>
<main id="ops"><p>Loading…</p></main>
<script src="/api/v1/docs/render.js"></script>
</body>
</html>`;

export const DOCS_CSS = `body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2129;background:#f7f8fa}
header,nav,main{max-width:960px;margin:0 auto;padding:0 16px}
h1{margin:24px 0 4px}
nav a{display:inline-block;margin:2px 8px 2px 0}
section{background:#fff;border:1px solid #e5e6eb;border-radius:6px;margin:12px 0;padding:12px 16px}
.m{font-weight:700;display:inline-block;min-width:48px;padding:2px 6px;border-radius:4px;color:#fff}
.GET{background:#2f7d32}.POST{background:#1d5fbf}.PUT{background:#a35d00}
code,pre{font:13px ui-monospace,monospace}
pre{background:#f2f3f5;padding:8px;overflow:auto;max-height:320px}
table{border-collapse:collapse}td,th{border-bottom:1px solid #eee;padding:2px 8px;text-align:left;vertical-align:top}
.roles{color:#86909c}`;

export const DOCS_JS = `(async () => {
  const doc = await (await fetch('/api/v1/openapi.json')).json();
  const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  const resolve = (schema) => {
    if (schema && schema.$ref) return doc.components.schemas[schema.$ref.split('/').pop()];
    return schema;
  };
  document.getElementById('intro').textContent = doc.info.description;
  const toc = [];
  const out = [];
  let n = 0;
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const id = 'op' + n++;
      const m = method.toUpperCase();
      toc.push('<a href="#' + id + '">' + esc(op.operationId) + '</a>');
      const params = (op.parameters || []).map((p) => '<tr><td><code>' + esc(p.name) + '</code></td><td>' + esc(p.in) + (p.required ? ' · required' : '') + '</td><td>' + esc(p.description) + '</td></tr>').join('');
      const body = op.requestBody ? Object.entries(op.requestBody.content).map(([type, c]) => '<p>Body <code>' + esc(type) + '</code></p><pre>' + esc(JSON.stringify(resolve(c.schema), null, 2)) + '</pre>').join('') : '';
      const responses = Object.entries(op.responses).map(([status, r]) => '<tr><td>' + esc(status) + '</td><td>' + esc(r.description) + '</td></tr>').join('');
      out.push('<section id="' + id + '"><p><span class="m ' + m + '">' + m + '</span> <code>' + esc(path) + '</code></p><p>' + esc(op.summary) + '</p>' +
        (op['x-roles'] ? '<p class="roles">Roles: ' + esc(op['x-roles'].join(', ')) + '</p>' : '') +
        (params ? '<table>' + params + '</table>' : '') + body + '<table>' + responses + '</table></section>');
    }
  }
  document.getElementById('toc').innerHTML = toc.join(' ');
  document.getElementById('ops').innerHTML = out.join('');
})();`;
