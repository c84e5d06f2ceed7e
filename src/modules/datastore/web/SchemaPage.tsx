// /kooperationen/{slug}/schemas/{schema}: a common table schema of a cooperation: its fields, the
// resources the member cities attached with their validation status and report, and the merged
// data of all conforming public resources, page by page.
import { useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { api, errorMessage } from '../../../web/api.ts';
import { useApi } from '../../../web/useApi.ts';
import { Alert } from '../../../web/ui/Alert.tsx';
import { Button } from '../../../web/ui/Button.tsx';
import { numberDe } from '../../../web/format.ts';
import { Page } from '../../../web/ui/Page.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Table } from '../../../web/ui/Table.tsx';
import { Pager } from '../../../web/ui/Pager.tsx';
import { AttachPanel } from './AttachPanel.tsx';
import { TYPE_DE, type Attachment, type AttachmentStatus, type Constraints, type Schema } from './schema-types.ts';

type Rows = { fields: { id: string; type: string }[]; rows: Record<string, unknown>[]; total: number };

const LIMIT = 25;
const NUMERIC = new Set(['int', 'numeric']);
const STATUS: Record<AttachmentStatus, [string, string]> = {
  valid: ['Entspricht dem Schema', 'badge-ok'], invalid: ['Entspricht nicht', 'badge-error'], 'no-table': ['Noch keine Daten', 'badge-warn'], pending: ['Wird geprüft', 'badge-info'],
};
/** While a check runs, the page asks again this often. */
const POLL_MS = 1500;

function constraintsText(c: Constraints | undefined): string {
  if (!c) return '–';
  const parts: string[] = [];
  if (c.required) parts.push('Pflichtfeld');
  if (c.unique) parts.push('eindeutig');
  if (c.minimum !== undefined) parts.push(`≥ ${c.minimum}`);
  if (c.maximum !== undefined) parts.push(`≤ ${c.maximum}`);
  if (c.minLength !== undefined) parts.push(`mind. ${c.minLength} Zeichen`);
  if (c.maxLength !== undefined) parts.push(`höchstens ${c.maxLength} Zeichen`);
  if (c.pattern !== undefined) parts.push(`Muster ${c.pattern}`);
  if (c.enum) parts.push(`einer von: ${c.enum.join(', ')}`);
  return parts.join(', ') || '–';
}

function show(v: unknown, type: string): string {
  if (v === null || v === undefined) return '';
  if (NUMERIC.has(type) && typeof v === 'number') return numberDe.format(v);
  if (type === 'timestamp' && typeof v === 'string') return new Date(`${v.slice(0, 19)}Z`).toLocaleString('de-DE', { timeZone: 'UTC' });
  return String(v);
}

function ReportDetails({ a }: { a: Attachment }) {
  const r = a.report;
  if (!r) return null;
  const problems = [...r.fields.flatMap((f) => f.problems.map((p) => ({ field: f.name, ...p }))), ...r.problems.map((p) => ({ field: 'Schlüssel', ...p }))];
  return (
    <details>
      <summary>Prüfbericht {a.kommune}: {a.resource_name}</summary>
      {a.status === 'pending' && <p>Die Tabelle wird gerade geprüft; dies ist das Ergebnis der letzten Prüfung.</p>}
      <p>{r.message}{r.row_count !== null ? ` (${numberDe.format(r.row_count)} Zeilen geprüft)` : ''}</p>
      {problems.length > 0 && (
        <ul>
          {problems.map((p, i) => (
            <li key={i}>
              <strong>{p.field}</strong>: {p.message}
              {p.count > 0 && ` – ${numberDe.format(p.count)} Zeilen, z. B. ${p.samples.map((s) => `Zeile ${s._id}: ${s.value ?? 'leer'}`).join('; ')}`}
            </li>
          ))}
        </ul>
      )}
      {r.extra_columns.length > 0 && <p>Weitere Spalten (nicht im Schema): {r.extra_columns.join(', ')}</p>}
    </details>
  );
}

function MergedData({ base }: { base: string }) {
  const [offset, setOffset] = useState(0);
  const rows = useApi<Rows>(`${base}/rows?_size=${LIMIT}&_offset=${offset}`);
  return (
    <section aria-labelledby="schema-daten">
      <h2 id="schema-daten">Gemeinsame Daten aller passenden Ressourcen</h2>
      <p>
        Nur öffentliche Ressourcen, die dem Schema entsprechen. <a href={`${base}/export.csv`} download>Alles als CSV herunterladen</a>
      </p>
      <Loaded resource={rows} loading="Daten werden geladen …" errorTitle="Die gemeinsamen Daten konnten nicht geladen werden.">
        {(r) => {
          const fields = r.fields.filter((f) => f.id !== '_id' && f.id !== 'resource_id' && f.id !== 'ars');
          return (
            <>
              <Table
                caption={`${numberDe.format(r.total)} Zeilen aus allen Kommunen`}
                rows={r.rows}
                rowKey={(x) => `${String(x.resource_id)}-${String(x._id)}`}
                empty="Noch keine passenden öffentlichen Daten."
                columns={fields.map((f, i) => ({ header: f.id === 'kommune' ? 'Kommune' : f.id, rowHeader: i === 0, numeric: NUMERIC.has(f.type), cell: (x: Record<string, unknown>) => show(x[f.id], f.type) }))}
              />
              <Pager total={r.total} limit={LIMIT} offset={offset} onChange={setOffset} label="Seiten der gemeinsamen Daten" />
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

export function SchemaPage() {
  const { slug = '', schema = '' } = useParams();
  const notice = (useLocation().state as { notice?: string } | null)?.notice;
  const base = `/api/v1/cooperations/${encodeURIComponent(slug)}/schemas/${encodeURIComponent(schema)}`;
  const res = useApi<Schema>(base);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string }>();
  const pending = res.data?.resources.some((a) => a.status === 'pending') ?? false;
  const { reload } = res;
  useEffect(() => {
    if (!pending) return;
    const t = setTimeout(reload, POLL_MS);
    return () => clearTimeout(t);
  }, [pending, reload, res.data]);

  async function detach(a: Attachment) {
    if (!window.confirm(`„${a.resource_name}“ (${a.kommune}) vom Schema abhängen?`)) return;
    try {
      await api('DELETE', `${base}/resources/${a.resource_id}`);
      setMessage({ kind: 'success', text: `„${a.resource_name}“ (${a.kommune}) abgehängt.` });
      reload();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  }

  return (
    <Loaded resource={res} loading="Schema wird geladen …" errorTitle="Das Schema konnte nicht geladen werden.">
      {(s) => (
        <Page
          title={s.title}
          lead={s.description || 'Ein gemeinsames Tabellenschema der Kooperation.'}
          actions={s.can?.edit && <Link className="btn btn-secondary" to={`/kooperationen/${s.cooperation}/schemas/${s.name}/bearbeiten`}>Schema bearbeiten</Link>}
        >
          {notice && <Alert kind="success">{notice}</Alert>}
          <p>
            Gemeinsames Schema der Kooperation <Link to={`/kooperationen/${s.cooperation}`}>{s.cooperation_name}</Link>, Version {s.version}. In SQL: <code>{s.view}</code>
          </p>
          <Table
            caption={`Felder (${s.schema.fields.length})`}
            rows={s.schema.fields}
            rowKey={(f) => f.name}
            columns={[
              { header: 'Name', rowHeader: true, cell: (f) => <code>{f.name}</code> },
              { header: 'Bezeichnung', cell: (f) => `${f.title ?? ''}${f.unit ? ` (${f.unit})` : ''}` },
              { header: 'Typ', cell: (f) => TYPE_DE[f.type] ?? f.type },
              { header: 'Einschränkungen', cell: (f) => constraintsText(f.constraints) },
            ]}
          />
          {s.schema.primaryKey && <p>Schlüssel: {s.schema.primaryKey.join(', ')}</p>}
          <section aria-labelledby="schema-ressourcen">
            <h2 id="schema-ressourcen">Angehängte Ressourcen</h2>
            {message && <Alert kind={message.kind}>{message.text}</Alert>}
            <Table
              caption={`Ressourcen der Mitgliedskommunen (${s.resources.length})`}
              captionHidden
              rows={s.resources}
              rowKey={(a) => a.resource_id}
              empty="Noch keine Ressourcen angehängt."
              columns={[
                { header: 'Kommune', rowHeader: true, cell: (a) => a.kommune },
                { header: 'Ressource', cell: (a) => <Link to={`/daten/${a.dataset}/ressourcen/${a.resource_id}`}>{a.dataset_title}: {a.resource_name}</Link> },
                { header: 'Prüfung', cell: (a) => <span className={`badge ${STATUS[a.status][1]}`}>{STATUS[a.status][0]}</span> },
                { header: 'Geprüft am', cell: (a) => (a.status === 'pending' ? '–' : new Date(a.validated_at).toLocaleString('de-DE')) },
                { header: 'In den gemeinsamen Daten', cell: (a) => (a.in_merged_view ? 'ja' : a.private ? 'nein (privat)' : 'nein') },
                ...(s.resources.some((a) => a.can_detach)
                  ? [{ header: 'Aktion', cell: (a: Attachment) => a.can_detach && (
                      <Button variant="secondary" onClick={() => void detach(a)}>
                        Abhängen<span className="visually-hidden">: {a.kommune}, {a.resource_name}</span>
                      </Button>
                    ) }]
                  : []),
              ]}
            />
            <div role="status" className="visually-hidden">{pending ? 'Prüfung läuft …' : ''}</div>
            {s.resources.map((a) => <ReportDetails key={a.resource_id} a={a} />)}
          </section>
          {s.can?.attach && <AttachPanel base={base} attachedCount={s.resources.length} onAttached={reload} />}
          {/* Rebuilt when an attachment changes, so the merged rows follow the checks. */}
          <MergedData key={s.version + s.resources.map((a) => `${a.resource_id}:${a.status}:${a.in_merged_view}`).join()} base={base} />
        </Page>
      )}
    </Loaded>
  );
}
