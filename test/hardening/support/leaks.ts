/**
 * Finds secrets in text a person could read, in any form our rendering could give them: escaped
 * for markdown (`ghs\_…`), with an invisible joiner after "@" or "#", as HTML entities, or cut
 * short by a length limit (any 12 characters of a secret in a row count as a leak).
 */

const Window = 12;

/** Undoes what our markdown and HTML escaping does to text, so escaped secrets are found too. */
export function readable(text: string): string {
  return text
    .replace(/\u2060/g, '')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Every run of `Window` characters of the secret (the whole secret when shorter). */
function pieces(secret: string): string[] {
  if (secret.length <= Window) return [secret];
  const out: string[] = [];
  for (let i = 0; i + Window <= secret.length; i++) out.push(secret.slice(i, i + Window));
  return out;
}

/** "where: which secret (piece)" for every leak found; empty when none. */
export function findLeaks(places: Record<string, string>, secrets: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [where, raw] of Object.entries(places)) {
    const forms = [raw, readable(raw)];
    for (const [name, secret] of Object.entries(secrets)) {
      const piece = pieces(secret).find((p) => forms.some((text) => text.includes(p)));
      if (piece !== undefined) found.push(`${where}: ${name} (${JSON.stringify(piece)})`);
    }
  }
  return found;
}
