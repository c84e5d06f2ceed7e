#!/usr/bin/env node
// Sends a file of events: JSON lines (one event per line) in batches of 1,000, or a CSV export in
// one request to the CSV endpoint. Batch ids come from the file's content, so running the command
// again for the same file (after a timeout, or by mistake) counts nothing twice.
//   STADTKERN_URL=https://… STADTKERN_ANALYTICS_KEY=ska_… stadtkern-analytics-send events.jsonl|export.csv
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { checkEvent, sendBatch, sendCsv } from '../index.js';

const [file] = process.argv.slice(2);
const endpoint = process.env.STADTKERN_URL;
const key = process.env.STADTKERN_ANALYTICS_KEY;
if (!file || !endpoint || !key) {
  console.error('Aufruf: STADTKERN_URL=… STADTKERN_ANALYTICS_KEY=ska_… stadtkern-analytics-send <datei.jsonl|datei.csv>');
  process.exit(2);
}
const options = { endpoint, key };

/** JSON lines as events, each checked; a problem names its line in the file. */
function readJsonLines(text) {
  const events = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const e = JSON.parse(line);
      checkEvent(e);
      events.push(e);
    } catch (err) {
      throw new Error(`Zeile ${i + 1}: ${err.message}`);
    }
  });
  return events;
}

try {
  // Bytes as they are: the server checks UTF-8 and would refuse a Windows-1252 export clearly.
  const bytes = readFileSync(file);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
  if (file.toLowerCase().endsWith('.csv')) {
    console.log(JSON.stringify(await sendCsv(options, bytes, `csv-${hash}`)));
  } else {
    const events = readJsonLines(bytes.toString('utf8'));
    if (!events.length) throw new Error('keine Ereignisse in der Datei');
    let batches = 0;
    let duplicates = 0;
    for (let i = 0; i < events.length; i += 1000) {
      const r = await sendBatch(options, events.slice(i, i + 1000), `jsonl-${hash}-${i / 1000 + 1}`);
      batches++;
      if (r.duplicate) duplicates++;
    }
    console.log(JSON.stringify({ events: events.length, batches, duplicates }));
  }
} catch (err) {
  console.error(`Fehler: ${err.message}`);
  if (err.problem && err.problem.errors) for (const e of err.problem.errors) console.error(`  ${e.field}: ${e.message}`);
  process.exit(1);
}
