import * as core from '@actions/core';

/**
 * Values that must never leave the process in clear: masked in the runner log by core.setSecret,
 * and scrubbed from everything we write ourselves (summary, comment, outputs, error messages),
 * because Omni or a proxy may echo request data back in an error body.
 */
const secrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (!value) return;
  core.setSecret(value);
  secrets.add(value);
  // Also the forms a secret takes inside JSON or URL-encoded echoes of a request.
  const jsonForm = JSON.stringify(value).slice(1, -1);
  if (jsonForm !== value) secrets.add(jsonForm);
  const urlForm = encodeURIComponent(value);
  if (urlForm !== value) secrets.add(urlForm);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0 && out.includes(secret)) out = out.split(secret).join('***');
  }
  return out;
}

/** For tests. */
export function forgetSecrets(): void {
  secrets.clear();
}
