import type { FieldMessage } from '../../contract';
import { type FormField, manifest } from '../../manifest';
import { configObject, type StoredDevice } from './device-store';
import { escapeHtml, page } from './layout';

/** What the secret field shows on edit: the stored key is never sent to the browser. */
export const SECRET_KEPT_PLACEHOLDER = '•••••• (unchanged — leave blank to keep)';

export interface FormView {
  /** Set when editing the device file `<key>.json`. */
  key?: string;
  /** Text of each field by key; never holds a secret. */
  values: Record<string, string>;
  errors?: FieldMessage[];
  warnings?: FieldMessage[];
  notice?: string;
}

/** The form's starting values: the manifest defaults for a new device, else the stored ones without the secret. */
export function formValues(fields: FormField[], stored?: StoredDevice): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of fields) {
    if (field.masked || field.type === 'password') values[field.key] = '';
    else if (!stored) values[field.key] = field.default ?? '';
    else if (field.type === 'json') {
      const config = configObject(stored);
      values[field.key] = config ? JSON.stringify(config, null, 2) : typeof stored[field.key] === 'string' ? (stored[field.key] as string) : '';
    } else values[field.key] = typeof stored[field.key] === 'string' ? (stored[field.key] as string) : '';
  }
  return values;
}

/** The form-level slot takes messages of fields the form does not show (e.g. "device"). */
function messagesFor(list: FieldMessage[] | undefined, key: string | undefined, known: string[]): FieldMessage[] {
  return (list ?? []).filter((m) => {
    const head = m.field.split('.')[0];
    return key === undefined ? !known.includes(head) : head === key;
  });
}

function messageList(id: string, kind: 'errors' | 'warnings', messages: FieldMessage[]): string {
  const items = messages.map((m) => `<li>${escapeHtml(m.message)}</li>`).join('');
  return `<ul class="messages ${kind}" id="${id}"${messages.length === 0 ? ' hidden' : ''}>${items}</ul>`;
}

function renderField(field: FormField, view: FormView): string {
  const id = `field-${field.key}`;
  const editing = view.key !== undefined;
  const secret = field.masked === true || field.type === 'password';
  const required = field.required && !(secret && editing);
  const placeholder = secret && editing ? SECRET_KEPT_PLACEHOLDER : field.placeholder;
  const errors = messagesFor(view.errors, field.key, []);
  const attributes = [
    `id="${id}"`,
    `name="${escapeHtml(field.key)}"`,
    placeholder ? `placeholder="${escapeHtml(placeholder)}"` : '',
    required ? 'aria-required="true"' : '',
    errors.length > 0 ? 'aria-invalid="true"' : '',
    `aria-describedby="help-${field.key} error-${field.key} warning-${field.key}"`,
    'spellcheck="false"',
  ].filter(Boolean);
  const value = escapeHtml(view.values[field.key] ?? '');
  let control: string;
  if (field.type === 'json') control = `<textarea ${attributes.join(' ')} rows="7">${value}</textarea>`;
  else if (secret) control = `<input type="password" autocomplete="new-password" ${attributes.join(' ')} value="">`;
  else control = `<input type="text" autocomplete="off"${field.type === 'ip' ? ' inputmode="decimal"' : ''} ${attributes.join(' ')} value="${value}">`;
  return `<div class="field" data-field="${escapeHtml(field.key)}">
<label for="${id}">${escapeHtml(field.label)}${required ? ' <span class="req" aria-hidden="true">*</span>' : ''}</label>
${control}
${messageList(`error-${field.key}`, 'errors', errors)}
${messageList(`warning-${field.key}`, 'warnings', messagesFor(view.warnings, field.key, []))}
<p class="help" id="help-${field.key}">${escapeHtml(field.help)}</p>
</div>`;
}

/** The Add-On Store form, built from manifest.json: labels, order, placeholders, help and defaults. */
export function renderDeviceForm(view: FormView, fields: FormField[] = manifest.form): string {
  const keys = fields.map((f) => f.key);
  const editing = view.key !== undefined;
  const title = editing ? `Edit ${view.values.device_name || view.key}` : `Add ${manifest.name} device`;
  const prerequisites = ((manifest as { prerequisites?: string[] }).prerequisites ?? []).map((p) => `<li>${escapeHtml(p)}</li>`).join('');
  const content = `<h1>${escapeHtml(title)}</h1>
<p class="lede">${escapeHtml(manifest.description.short)}${editing ? ` Saved as <code>${escapeHtml(view.key as string)}.json</code>.` : ''}</p>
${prerequisites ? `<details><summary>Prerequisites</summary><ul>${prerequisites}</ul></details>` : ''}
<form id="device-form" class="card" novalidate data-fields="${escapeHtml(JSON.stringify(keys))}"${editing ? ` data-key="${escapeHtml(view.key as string)}"` : ''}>
${fields.map((field) => renderField(field, view)).join('\n')}
${messageList('error-form', 'errors', messagesFor(view.errors, undefined, keys))}
${messageList('warning-form', 'warnings', messagesFor(view.warnings, undefined, keys))}
<div class="actions">
<button type="submit" class="primary" id="save">Save</button>
<button type="button" class="secondary" id="test-connection">Test Connection</button>
</div>
<p id="result" role="status" class="notice${view.notice ? ' ok' : ''}"${view.notice ? '' : ' hidden'}>${escapeHtml(view.notice ?? '')}</p>
<p id="connection" role="status" class="notice" hidden></p>
</form>`;
  return page(title, editing ? 'edit' : 'new', content);
}
