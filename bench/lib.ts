// Shared bench helpers: child servers that print their URL, autocannon runs, printing.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';

export const root = path.resolve(import.meta.dirname, '..');

export async function startChild(script: string, env: NodeJS.ProcessEnv = process.env): Promise<{ info: Record<string, string>; child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const info = await new Promise<Record<string, string>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start`)), 60_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve(m as Record<string, string>);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return {
    info,
    child,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

export type Result = { name: string; rps: number; p50: number; p99: number; errors: number; non2xx: number };

export async function load(name: string, url: string, opts: { headers?: Record<string, string>; seconds: number; connections: number }): Promise<Result> {
  const r = await autocannon({ url, headers: opts.headers, duration: opts.seconds, connections: opts.connections, pipelining: 1 });
  return { name, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

export function printTable(rows: Result[], baseline: Result): void {
  console.log('\n| endpoint | req/s | p50 ms | p99 ms | errors | non-2xx | req/s vs. baseline |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${(r.rps / baseline.rps).toFixed(2)}× |`);
  }
}
