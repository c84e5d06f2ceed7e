#!/usr/bin/env node
// Sends a file of events: JSON lines (one event per line) through the client, or a CSV export in
// one request to the CSV endpoint (the file's name and size give a stable batch id, so running the
// command again for the same file counts nothing twice).
//   STADTKERN_URL=https://… STADTKERN_ANALYTICS_KEY=ska_… stadtkern-analytics-send events.jsonl|export.csv
import { readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { createAnalyticsClient } from '../index.js';

const [file] = process.argv.slice(2);
const endpoint = process.env.STADTKERN_URL;
const key = process.env.STADTKERN_ANALYTICS_KEY;
if (!file || !endpoint || !key) {
  console.error('Aufruf: STADTKERN_URL=… STADTKERN_ANALYTICS_KEY=ska_… stadtkern-analytics-send <datei.jsonl|datei.csv>');
  process.exit(2);
}
const text = readFileSync(file, 'utf8');
try {
  if (file.toLowerCase().endsWith('.csv')) {
    const batchId = `${basename(file)}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}-${statSync(file).size}`;
    const res = await fetch(`${endpoint.replace(/\/+$/, '')}/api/v1/analytics/events.csv?batch_id=${encodeURIComponent(batchId.slice(0, 100))}`, {
      method: 'POST', headers: { 'content-type': 'text/csv; charset=utf-8', 'x-analytics-key': key }, body: text,
    });
    const body = await res.json();
    if (res.status !== 200 && res.status !== 202) throw Object.assign(new Error(body.detail || body.title || `HTTP ${res.status}`), { problem: body });
    console.log(JSON.stringify(body));
  } else {
    const client = createAnalyticsClient({ endpoint, key, flushIntervalMs: 0, flushSize: 1000 });
    const lines = text.split(/\r?\n/).filter((l) => l.trim());
    for (const l of lines) await client.track(JSON.parse(l));
    const results = await client.close();
    console.log(JSON.stringify({ events: lines.length, batches: results.length }));
  }
} catch (err) {
  console.error(`Fehler: ${err.message}`);
  if (err.problem && err.problem.errors) for (const e of err.problem.errors) console.error(`  ${e.field}: ${e.message}`);
  process.exit(1);
}
