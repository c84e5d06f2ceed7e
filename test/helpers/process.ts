// Running `stadtkern serve` as a child process, the way an operator or a container does.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export type Served = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

export function serve(env: NodeJS.ProcessEnv, args: string[] = []): Served {
  let out = '';
  const child = spawn(process.execPath, ['bin/stadtkern.js', 'serve', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

export async function waitFor(url: string, ms: number): Promise<Response> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return res;
    } catch {
      /* not up yet */
    }
    if (Date.now() > end) throw new Error(`${url} not up after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Resolves once the child's output matches, or fails after `ms`. */
export async function waitForOutput(s: Served, pattern: RegExp, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!pattern.test(s.output())) {
    if (Date.now() > end) throw new Error(`no ${pattern} after ${ms} ms:\n${s.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The exit code, or a failure when the child has not exited within `ms` (it is then killed). */
export async function exitOf(s: Served, ms: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => (s.child.kill('SIGKILL'), reject(new Error(`did not exit in ${ms} ms:\n${s.output()}`))), ms);
  });
  try {
    return await Promise.race([s.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}
