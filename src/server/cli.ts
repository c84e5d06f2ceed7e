// The stadtkern command line: serve, migrate, create-admin, seed-demo.
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { loadConfig, ConfigError } from './config.ts';
import { openDatabase, startPlatform, stderrLog } from './platform.ts';
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

  switch (cmd) {
    case 'serve': {
      const t0 = performance.now();
      const p = await startPlatform(config, { demo: values.demo });
      stderrLog(`bereit auf ${config.publicUrl} nach ${Math.round(performance.now() - t0)} ms${values.demo ? ' – Demo-Anmeldung: admin@stadtkern.example / stadtkern-demo-2030' : ''}`);
      await new Promise<void>((resolve) => {
        const onSignal = (sig: string) => {
          stderrLog(`${sig} empfangen, fahre herunter …`);
          p.stop().then(resolve, (err) => { stderrLog(String(err)); resolve(); });
        };
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
      });
      return 0;
    }
    case 'migrate': {
      const d = await openDatabase(config);
      await d.close();
      stderrLog('Datenbank ist auf dem neuesten Stand');
      return 0;
    }
    case 'seed-demo': {
      const d = await openDatabase(config);
      try { await seedAllDemo(d.db, stderrLog); } finally { await d.close(); }
      return 0;
    }
    case 'create-admin': {
      if (!values.email) { process.stderr.write('create-admin braucht --email\n'); return 2; }
      const password = values.password ?? process.env.STADTKERN_ADMIN_PASSWORD ?? randomBytes(12).toString('base64url');
      const d = await openDatabase(config);
      try {
        const r = await createAdmin(d.db, { email: values.email, name: values.name ?? 'Plattform-Administration', password });
        process.stdout.write(`${r.created ? 'Angelegt' : 'Aktualisiert'}: ${values.email}\n`);
        if (!values.password && !process.env.STADTKERN_ADMIN_PASSWORD) process.stdout.write(`Passwort (nur jetzt sichtbar): ${password}\n`);
      } finally { await d.close(); }
      return 0;
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
