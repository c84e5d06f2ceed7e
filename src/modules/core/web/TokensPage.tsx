// The user's own API tokens. A new token is shown exactly once (the server keeps only a hash),
// so the page makes that moment hard to miss and easy to copy from.
import { useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../../../web/api.ts';
import { useApi } from '../../../web/useApi.ts';
import type { ApiToken, ApiTokenCreate, ApiTokenCreated, Scope } from '../../../web/types.ts';
import { formatDate, formatDateTime } from '../../../web/format.ts';
import { Page } from '../../../web/ui/Page.tsx';
import { Table } from '../../../web/ui/Table.tsx';
import { Loaded } from '../../../web/ui/Loaded.tsx';
import { Alert } from '../../../web/ui/Alert.tsx';
import { Button } from '../../../web/ui/Button.tsx';
import { Form } from '../../../web/ui/Form.tsx';
import { CheckboxGroup, Field } from '../../../web/ui/Field.tsx';
import { SCOPE_LABEL, SCOPE_OPTIONS } from './labels.ts';

function tokenStatus(t: ApiToken): { label: string; active: boolean } {
  if (t.revokedAt) return { label: `Widerrufen am ${formatDate(t.revokedAt)}`, active: false };
  if (new Date(t.expiresAt) <= new Date()) return { label: 'Abgelaufen', active: false };
  return { label: 'Aktiv', active: true };
}

export function TokensPage() {
  const tokens = useApi<{ items: ApiToken[] }>('/api/v1/tokens');
  const [created, setCreated] = useState<ApiTokenCreated | undefined>();
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | undefined>();

  async function revoke(t: ApiToken) {
    if (!window.confirm(`Token „${t.name}“ wirklich widerrufen? Programme, die es nutzen, verlieren sofort den Zugang.`)) return;
    try {
      await api('DELETE', `/api/v1/tokens/${t.id}`);
      setNotice({ kind: 'success', text: `Token „${t.name}“ wurde widerrufen.` });
      tokens.reload();
    } catch (err) {
      setNotice({ kind: 'error', text: errorMessage(err) });
    }
  }

  return (
    <Page title="API-Tokens" lead="Mit einem API-Token greifen Programme und Skripte in Ihrem Namen auf die Programmierschnittstelle zu – nur mit den gewählten Bereichen.">
      {created && <NewToken token={created} onDone={() => setCreated(undefined)} />}
      {notice && <Alert kind={notice.kind}>{notice.text}</Alert>}
      <Loaded resource={tokens} loading="Tokens werden geladen …" errorTitle="Die Tokens konnten nicht geladen werden.">
        {({ items }) => (
          <Table
            caption="Ihre API-Tokens"
            rows={items}
            rowKey={(t) => t.id}
            empty="Sie haben noch keine API-Tokens."
            columns={[
              { header: 'Name', rowHeader: true, cell: (t) => t.name },
              { header: 'Präfix', cell: (t) => <code>{t.prefix}…</code> },
              { header: 'Bereiche', cell: (t) => t.scopes.map((s) => SCOPE_LABEL[s]).join(', ') },
              { header: 'Gültig bis', cell: (t) => formatDate(t.expiresAt) },
              { header: 'Zuletzt genutzt', cell: (t) => (t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'nie') },
              {
                header: 'Status',
                cell: (t) => {
                  const s = tokenStatus(t);
                  return <span className={`badge badge-${s.active ? 'ok' : 'off'}`}>{s.label}</span>;
                },
              },
              {
                header: 'Aktionen',
                cell: (t) =>
                  tokenStatus(t).active ? (
                    <Button variant="danger" onClick={() => void revoke(t)}>
                      Widerrufen<span className="visually-hidden"> {t.name}</span>
                    </Button>
                  ) : (
                    '–'
                  ),
              },
            ]}
          />
        )}
      </Loaded>
      <section aria-labelledby="token-anlegen-titel" className="panel">
        <h2 id="token-anlegen-titel">Neues Token erstellen</h2>
        <Form
          id="token-anlegen"
          submitLabel="Token erstellen"
          onSubmit={async (d) => {
            const days = String(d.get('expiresInDays') ?? '').trim();
            const body: ApiTokenCreate = {
              name: String(d.get('name') ?? '').trim(),
              scopes: d.getAll('scopes').map(String) as Scope[],
              // An unparsable number goes to the server as is, which names the field in its answer.
              expiresInDays: days === '' ? 90 : Number(days),
            };
            const t = await api<ApiTokenCreated>('POST', '/api/v1/tokens', body);
            setNotice(undefined);
            setCreated(t);
            tokens.reload();
          }}
        >
          <Field name="name" label="Bezeichnung" autoComplete="off" hint="Wofür das Token gedacht ist, z. B. „Import Haushaltsdaten“" />
          <CheckboxGroup name="scopes" label="Bereiche" options={SCOPE_OPTIONS} defaultValues={['read']} hint="Geben Sie nur die Rechte, die das Programm braucht." />
          <Field name="expiresInDays" label="Gültigkeit in Tagen" type="number" inputMode="numeric" min={1} max={3650} defaultValue={90} className="input-short" hint="1 bis 3650 Tage" />
        </Form>
      </section>
    </Page>
  );
}

function NewToken({ token, onDone }: { token: ApiTokenCreated; onDone: () => void }) {
  const box = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<string | undefined>();
  useEffect(() => box.current?.focus(), []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied('Token in die Zwischenablage kopiert.');
    } catch {
      // No clipboard permission (e.g. plain http): select the text so Strg+C works.
      const el = document.getElementById('neues-token');
      if (el) window.getSelection()?.selectAllChildren(el);
      setCopied('Kopieren nicht möglich – das Token ist markiert, bitte mit Strg+C kopieren.');
    }
  }

  return (
    <section className="token-once" aria-labelledby="neues-token-titel">
      <h2 id="neues-token-titel" ref={box} tabIndex={-1}>
        Ihr neues Token „{token.name}“
      </h2>
      <p className="token-warning">
        <strong>Kopieren Sie das Token jetzt.</strong> Es wird nur dieses eine Mal angezeigt und kann nicht wiederhergestellt werden.
      </p>
      <p className="token-value">
        <code id="neues-token">{token.token}</code>
      </p>
      <div className="form-actions">
        <Button onClick={() => void copy()}>Token kopieren</Button>
        <Button variant="secondary" onClick={onDone}>
          Ich habe das Token gesichert
        </Button>
      </div>
      <p role="status" className="copy-status">
        {copied}
      </p>
    </section>
  );
}
