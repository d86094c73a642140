/**
 * Email templates are plain text with `{{placeholder}}` holes and nothing else: no expressions, no
 * loops, no code, so what an admin writes can only ever be text. A placeholder is a lowercase name.
 */
const PLACEHOLDER = /\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/g;
/** Braces that are not a well-formed placeholder: "{{ First Name }}", "{{amount", "{{}}". */
const STRAY = /\{\{|\}\}/;

export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/** The problem with a template text, in words, or null: unknown placeholders and broken braces. */
export function templateProblem(text: string, allowed: readonly string[]): string | null {
  const unknown = placeholdersIn(text).filter((p) => !allowed.includes(p));
  if (unknown.length)
    return `Unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((p) => `{{${p}}}`).join(', ')}: use only ${allowed.map((p) => `{{${p}}}`).join(', ')}.`;
  if (STRAY.test(text.replace(PLACEHOLDER, '')))
    return 'Write each placeholder as {{name}}, in lowercase letters, digits and _.';
  return null;
}

/** Each placeholder replaced by its value as plain text (a missing value reads as "—"); nothing is evaluated. */
export function renderTemplate(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => (Object.hasOwn(values, name) ? values[name] : '—'));
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** For an HTML part: the same substitution, every value and every character of the template escaped. */
export function renderTemplateHtml(text: string, values: Readonly<Record<string, string>>): string {
  return renderTemplate(text, values).replace(/[&<>"']/g, (c) => HTML[c]);
}
