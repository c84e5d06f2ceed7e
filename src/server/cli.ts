// The stadtkern command line: serve, migrate, create-admin, seed-demo.
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';
import { loadConfig, ConfigError } from './config.ts';
import { openDatabase, startPlatform, stderrLog, type Database } from './platform.ts';
import type { Config } from './config.ts';
import { seedAllDemo } from './modules.ts';
import { createAdmin } from '../modules/core/seed/admin.ts';
import { VERSION } from './version.ts';

const HELP = `stadtkern ${VERSION} – Plattform für die digitale Verwaltung kooperierender Kommunen

Aufruf: stadtkern <befehl> [optionen]

Befehle:
  serve [--demo]            Server starten (http://localhost:3000). Ohne DATABASE_URL startet ein
                            eingebettetes PostgreSQL mit Daten in ./data. --demo lädt Demodaten.
  migrate                   Datenbank-Migrationen ausführen und beenden
  seed-demo                 Demodaten laden (idempotent)
  create-admin --email E [--name N] [--password P]
                            Plattform-Administration anlegen oder Passwort neu setzen. Ohne
                            --password (oder STADTKERN_ADMIN_PASSWORD) wird eines erzeugt und gezeigt.
  --help, -h                Diese Hilfe
  --version                 Version anzeigen

Konfiguration über Umgebungsvariablen, siehe docs/configuration.md.
`;

/** The first SIGINT or SIGTERM resolves the promise; a second one exits at once (the embedded
 *  PostgreSQL's 'exit' hook still stops the cluster). Listening from the very start means a
 *  signal during start-up (migrations, demo data, job schedules) is handled once the start is
 *  done, instead of killing the process half-way. */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let seen = false;
    const on = (sig: NodeJS.Signals) => {
      if (seen) process.exit(128 + constants.signals[sig]);
      seen = true;
      resolve(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** Runs a one-shot command on the database; a signal stops it and closes the database. */
async function withDatabase(config: Config, stop: Promise<NodeJS.Signals>, fn: (d: Database) => Promise<void>): Promise<number> {
  const d = await openDatabase(config);
  try {
    const sig = await Promise.race([fn(d).then(() => undefined), stop]);
    if (!sig) return 0;
    stderrLog(`${sig} empfangen, abgebrochen`);
    return 128 + constants.signals[sig];
  } finally {
    await d.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
      demo: { type: 'boolean' },
      email: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
    },
  });
  const cmd = positionals[0];
  if (values.version) return void process.stdout.write(`${VERSION}\n`), 0;
  if (values.help || !cmd || cmd === 'help') return void process.stdout.write(HELP), cmd || values.help ? 0 : 1;
  const config = loadConfig();
  const stop = stopSignal();

  switch (cmd) {
    case 'serve': {
      const t0 = performance.now();
      const p = await startPlatform(config, { demo: values.demo });
      stderrLog(`bereit auf ${config.publicUrl} nach ${Math.round(performance.now() - t0)} ms${values.demo ? ' – Demo-Anmeldung: admin@stadtkern.example / stadtkern-demo-2030' : ''}`);
      stderrLog(`${await stop} empfangen, fahre herunter …`);
      await p.stop().catch((err: unknown) => stderrLog(String(err)));
      return 0;
    }
    case 'migrate': {
      // openDatabase migrates; nothing is left to do once it is open.
      const code = await withDatabase(config, stop, async () => undefined);
      if (code === 0) stderrLog('Datenbank ist auf dem neuesten Stand');
      return code;
    }
    case 'seed-demo':
      return withDatabase(config, stop, (d) => seedAllDemo(d.db, stderrLog));
    case 'create-admin': {
      if (!values.email) { process.stderr.write('create-admin braucht --email\n'); return 2; }
      const password = values.password ?? process.env.STADTKERN_ADMIN_PASSWORD ?? randomBytes(12).toString('base64url');
      return withDatabase(config, stop, async (d) => {
        const r = await createAdmin(d.db, { email: values.email!, name: values.name ?? 'Plattform-Administration', password });
        process.stdout.write(`${r.created ? 'Angelegt' : 'Aktualisiert'}: ${values.email}\n`);
        if (!values.password && !process.env.STADTKERN_ADMIN_PASSWORD) process.stdout.write(`Passwort (nur jetzt sichtbar): ${password}\n`);
      });
    }
    default:
      process.stderr.write(`Unbekannter Befehl "${cmd}"\n\n${HELP}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    stderrLog(err instanceof ConfigError ? err.message : `Fehler: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
