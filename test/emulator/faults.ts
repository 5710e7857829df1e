/** Queued fault injections: each matching request consumes one, oldest first. */
import type { Fault, RouteName } from './types.js';

interface Pending {
  route: RouteName | '*';
  fault: Fault;
  remaining: number;
}

export class FaultQueue {
  private readonly pending: Pending[] = [];

  add(route: RouteName | '*', fault: Fault, times = 1): void {
    if (!Number.isInteger(times) || times < 1) throw new Error(`inject: times must be a positive integer, got ${times}`);
    this.pending.push({ route, fault, remaining: times });
  }

  take(route: RouteName): Fault | undefined {
    const index = this.pending.findIndex((p) => p.route === route || p.route === '*');
    if (index < 0) return undefined;
    const entry = this.pending[index] as Pending;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.pending.splice(index, 1);
    return entry.fault;
  }

  clear(): void {
    this.pending.length = 0;
  }
}

const reasons: Readonly<Record<number, string>> = {
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function reasonPhrase(status: number): string {
  return reasons[status] ?? 'Error';
}

/** What a load balancer in front of Omni might answer instead of JSON. */
export function htmlErrorPage(status: number): string {
  if (status < 400) {
    // e.g. a single-sign-on proxy answering an API call with its login page
    return '<!DOCTYPE html>\n<html>\n<head><title>Sign in</title></head>\n<body><form action="/login" method="post"><input name="email"></form></body>\n</html>\n';
  }
  const title = `${status} ${reasonPhrase(status)}`;
  return `<!DOCTYPE html>\n<html>\n<head><title>${title}</title></head>\n<body>\n<center><h1>${title}</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n`;
}
