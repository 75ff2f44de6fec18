import { createHash } from 'node:crypto';
import { manifest } from '../../manifest';
import { CLIENT_SCRIPT } from './client';

const STYLE = `
:root { --ink: #17232b; --muted: #5b6b75; --line: #d5dde2; --brand: #0f3d4c; --ok: #17794a; --bad: #b3261e; --warn: #8a5a00; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f4f7f9; }
header { display: flex; align-items: center; gap: 12px; padding: 10px 24px; background: var(--brand); color: #fff; }
header img { width: 32px; height: 32px; }
header .title { font-weight: 600; font-size: 17px; }
header nav { margin-left: auto; display: flex; gap: 18px; }
header a { color: #d9f3f3; text-decoration: none; }
header a[aria-current] { color: #fff; border-bottom: 2px solid #3ccfcf; }
main { max-width: 1180px; margin: 24px auto; padding: 0 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
.lede { color: var(--muted); margin: 0 0 18px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 20px 24px; }
.field { margin: 0 0 18px; }
.field label { display: block; font-weight: 600; margin-bottom: 4px; }
.req { color: var(--bad); }
.field input, .field textarea { width: 100%; max-width: 640px; padding: 7px 9px; border: 1px solid #aab7bf; border-radius: 5px; font: inherit; }
.field textarea { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; min-height: 130px; }
[aria-invalid="true"] { border-color: var(--bad) !important; outline: 1px solid var(--bad); }
.help { color: var(--muted); font-size: 13px; margin: 4px 0 0; max-width: 640px; }
ul.messages { margin: 6px 0 0; padding-left: 18px; font-size: 14px; max-width: 640px; }
ul.errors { color: var(--bad); }
ul.warnings { color: var(--warn); }
.actions { display: flex; gap: 12px; align-items: center; margin-top: 8px; }
button { font: inherit; padding: 8px 18px; border-radius: 5px; border: 1px solid var(--brand); cursor: pointer; }
button.primary { background: var(--brand); color: #fff; }
button.secondary { background: #fff; color: var(--brand); }
.notice { margin: 14px 0 0; padding: 9px 12px; border-radius: 5px; background: #eef3f6; max-width: 640px; }
.notice.ok { background: #e5f4ec; color: var(--ok); }
.notice.failed { background: #fbeaea; color: var(--bad); }
details { margin: 0 0 18px; color: var(--muted); }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); }
th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--line); vertical-align: top; font-size: 14px; }
th { background: #e9eff2; font-weight: 600; }
td.state { font-weight: 600; white-space: nowrap; }
tr.tone-ok td.state { color: var(--ok); }
tr.tone-failed td.state { color: var(--bad); }
tr.tone-idle td.state, tr.tone-disabled td.state { color: var(--muted); }
.toolbar { display: flex; justify-content: space-between; align-items: baseline; margin-bottom: 10px; }
.muted { color: var(--muted); font-size: 13px; }
`;

const hash = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Nothing but this page's own script, style and icon may run or load; nothing may frame it. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src ${hash(CLIENT_SCRIPT)}`,
  `style-src ${hash(STYLE)}`,
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export type Section = 'status' | 'new' | 'edit';

/** The page shell: header with the add-on's name and icon from the manifest, navigation, one script. */
export function page(title: string, section: Section, content: string): string {
  const link = (href: string, label: string, own: Section) => `<a href="${href}"${section === own ? ' aria-current="page"' : ''}>${label}</a>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/icon.svg" type="image/svg+xml">
<title>${escapeHtml(title)} · ${escapeHtml(manifest.name)} Add-On</title>
<style>${STYLE}</style>
</head>
<body>
<header><img src="/icon.svg" alt=""><span class="title">${escapeHtml(manifest.name)} Add-On for ADR</span>
<nav>${link('/', 'Collection Status', 'status')}${link('/devices/new', 'Add device', 'new')}</nav></header>
<main>
${content}
</main>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}
