import type { CommentInput } from './comment.js';

/** Limits of WordPress's comment table, which visitors and tools already expect. */
export const LIMITS = { author: 245, email: 100, url: 200, comment: 65_525 } as const;

/** The form's field names: a fixed interface other tools post to. */
export const FORM_FIELDS = ['author', 'email', 'url', 'comment', 'parent'] as const;
export type FormField = (typeof FORM_FIELDS)[number];

/** Hidden field people never see; software that fills every input does. */
export const HONEYPOT_FIELD = 'homepage';

export type FormValues = Readonly<Record<FormField, string>>;
export type FieldErrors = Partial<Record<FormField, string>>;

export type FormResult =
  | { readonly ok: true; readonly value: CommentInput; readonly values: FormValues; readonly honeypot: boolean }
  | { readonly ok: false; readonly errors: FieldErrors; readonly values: FormValues; readonly malformed: boolean };

/** Bracketed or prototype-polluting keys (`comment[]`, `__proto__[x]`) are never what our form sends. */
const STRUCTURED_KEY = /[[\]]|^(__proto__|constructor|prototype)$/;

// Deliberately simple: one @, no spaces, a dot in the domain. Stricter checks reject real addresses.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The typed value of a field, or undefined when it was sent as something other than one string
 * (`comment[]=…`, repeated fields, JSON objects).
 */
function field(body: Record<string, unknown>, name: string): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(body, name)) return '';
  const v = body[name];
  return typeof v === 'string' ? v : undefined;
}

const length = (text: string) => [...text].length;

// Control characters show as nothing on a page (a browser drops NUL) and make the comment feeds
// invalid XML, so that one comment would break the feed for every reader. Tab and line feed stay.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/g;
const withoutControls = (text: string) => text.replace(CONTROL_CHARACTERS, '');

// A name is one line shown beside the comment, in the moderator's list and in feeds: no control
// characters at all (tab and line breaks included; a browser's one-line field never sends them), nor
// line and paragraph separators.
const NAME_CONTROL = /[\p{Cc}\u2028\u2029]/u;
// Bidi overrides and isolates reorder the text around them, so a name could pass itself off as
// another one or reverse the words that follow it.
const BIDI_OVERRIDE = /[\u202A-\u202E\u2066-\u2069]/u;
// Something a reader can see: not a control, format or unassigned character, not a space, not a
// combining mark on its own, and not one of the characters drawn as nothing (zero-width joiners,
// Hangul fillers, soft hyphen). The blank Braille pattern looks empty too.
const VISIBLE = /[^\p{C}\p{Z}\p{M}\p{Default_Ignorable_Code_Point}\u2800]/u;

/** What is wrong with a typed name (before trimming), or null when it can be shown as it is. */
export function nameProblem(typed: string): string | null {
  const name = withoutControls(typed).trim();
  if (!name) return 'Please enter your name.';
  if (NAME_CONTROL.test(typed)) return 'Your name cannot contain line breaks, tabs or other control characters. Please type it on one line.';
  if (BIDI_OVERRIDE.test(name)) return 'Your name cannot contain characters that change the direction of the text around them (U+202A to U+202E, U+2066 to U+2069). Please remove them.';
  if (!VISIBLE.test(name)) return 'Your name must contain at least one visible letter, number or symbol.';
  if (length(name) > LIMITS.author) return `Your name can be at most ${LIMITS.author} characters long.`;
  return null;
}

/** Checks a posted comment form. Pure: returns every field's error at once, and the values to show back. */
export function validateCommentForm(body: unknown): FormResult {
  const b = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const raw = Object.fromEntries(FORM_FIELDS.map((name) => [name, field(b, name)])) as Record<FormField, string | undefined>;
  const values = Object.fromEntries(FORM_FIELDS.map((name) => [name, raw[name] ?? ''])) as FormValues;
  const errors: FieldErrors = {};
  const unreadable = 'This field was sent in a form we cannot read. Please type it again.';
  for (const name of FORM_FIELDS) if (raw[name] === undefined) errors[name] = unreadable;
  const structured = Object.keys(b).filter((key) => STRUCTURED_KEY.test(key));
  for (const key of structured) {
    const base = key.replace(/\[.*$/, '') as FormField;
    if ((FORM_FIELDS as readonly string[]).includes(base)) errors[base] = unreadable;
  }
  const malformed = structured.length > 0 || FORM_FIELDS.some((name) => raw[name] === undefined);

  const author = withoutControls(values.author).trim();
  const email = withoutControls(values.email).trim();
  const url = withoutControls(values.url).trim();
  const text = withoutControls(values.comment.replace(/\r\n?/g, '\n'));
  const parent = withoutControls(values.parent).trim();

  if (!errors.author) {
    const problem = nameProblem(values.author);
    if (problem) errors.author = problem;
  }
  if (!errors.email) {
    if (!email) errors.email = 'Please enter your email address. It will not be published.';
    else if (length(email) > LIMITS.email) errors.email = `The email address can be at most ${LIMITS.email} characters long.`;
    else if (!EMAIL.test(email)) errors.email = 'Please enter a valid email address, like name@example.com.';
  }
  if (!errors.url && url) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (length(url) > LIMITS.url) errors.url = `The website address can be at most ${LIMITS.url} characters long.`;
    else if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !parsed.hostname) {
      errors.url = 'Please enter a website address starting with http:// or https://, or leave it empty.';
    }
  }
  if (!errors.comment) {
    if (!text.trim()) errors.comment = 'Please write a comment.';
    else if (length(text) > LIMITS.comment) errors.comment = `Your comment is ${length(text).toLocaleString('en')} characters long; the limit is ${LIMITS.comment.toLocaleString('en')}.`;
  }
  if (!errors.parent && parent && !/^[a-z0-9]{1,40}$/i.test(parent)) errors.parent = 'The comment you are replying to does not exist.';

  if (Object.keys(errors).length || malformed) return { ok: false, errors, values, malformed };
  const honeypotValue = b[HONEYPOT_FIELD];
  return {
    ok: true,
    values,
    honeypot: honeypotValue !== undefined && honeypotValue !== '',
    value: { author, email, url: url || null, text: text.trim(), parent: parent || null },
  };
}
