import { useState, type FormEvent } from 'react';
import { ConfirmButton } from '../ui/ConfirmButton';
import { CopyField } from '../ui/CopyButton';
import { TextField } from '../ui/fields';
import { Empty, ErrorNotice, Loading, StatusNotice } from '../ui/feedback';
import { fieldError, formLevelError, useAction, useLoad } from '../ui/hooks';
import { PageHeader, Section } from '../ui/layout';
import { listAll, myOrg, type OrgDomain } from './api';
import { hasScope } from './session';

const STATUS: Record<OrgDomain['status'], { label: string; badge: string }> = {
  pending: { label: 'Pending', badge: 'warn' },
  verified: { label: 'Verified', badge: 'ok' },
  failed: { label: 'Failed', badge: 'warn' },
};

/** The organization's email domains: add one, publish its TXT record, verify it, remove it. */
export function DomainsScreen() {
  const domains = useLoad('domains', () => listAll<OrgDomain>('/domains', 'organization_domains'));
  const [status, setStatus] = useState('');
  const verify = useAction((d: OrgDomain) => myOrg<OrgDomain>('POST', `/domains/${encodeURIComponent(d.id)}/verify`));
  const remove = useAction(async (d: OrgDomain) => {
    await myOrg('DELETE', `/domains/${encodeURIComponent(d.id)}`);
    return true;
  });
  const check = async (d: OrgDomain) => {
    setStatus('');
    const result = await verify.run(d);
    if (result) {
      setStatus(result.status === 'verified' ? `${result.domain} is verified.` : `${result.domain} could not be verified yet.`);
      domains.reload();
    }
  };
  return (
    <>
      <PageHeader title="Domains" description="Prove the email domains your organization owns: people in them then find it at login." />
      {hasScope('create:my_org:domains') ? (
        <AddDomain
          onAdded={(message) => {
            setStatus(message);
            domains.reload();
          }}
        />
      ) : null}
      <Section title="Your domains">
        <StatusNotice>{status || null}</StatusNotice>
        <ErrorNotice error={domains.error ?? verify.error ?? remove.error} />
        {domains.loading && !domains.data ? <Loading /> : null}
        {domains.data?.length === 0 ? <Empty>No domains yet.</Empty> : null}
        {domains.data?.length ? (
          <ul className="invitation-list" aria-label="Domains">
            {domains.data.map((d) => (
              <li key={d.id} className="invitation">
                <div>
                  <strong>{d.domain}</strong> <span className={`badge ${STATUS[d.status].badge}`}>{STATUS[d.status].label}</span>
                  {d.status !== 'verified' ? (
                    <>
                      <p className="hint">Publish this DNS TXT record, then verify:</p>
                      <CopyField label={`TXT host for ${d.domain}`} value={d.verification_host} />
                      <CopyField label={`TXT value for ${d.domain}`} value={d.verification_txt} />
                    </>
                  ) : null}
                </div>
                <div className="actions">
                  {d.status !== 'verified' && hasScope('update:my_org:domains') ? (
                    <button type="button" className="secondary small" disabled={verify.pending} onClick={() => check(d)}>
                      Verify {d.domain}
                    </button>
                  ) : null}
                  {hasScope('delete:my_org:domains') ? (
                    <ConfirmButton
                      className="danger small"
                      title={`Remove ${d.domain}?`}
                      confirmLabel="Remove domain"
                      description="Logins stop finding your organization by this domain."
                      onConfirm={async () => {
                        setStatus('');
                        if (await remove.run(d)) {
                          setStatus(`${d.domain} was removed.`);
                          domains.reload();
                        }
                      }}
                    >
                      Remove {d.domain}
                    </ConfirmButton>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        ) : null}
      </Section>
    </>
  );
}

function AddDomain({ onAdded }: { onAdded(message: string): void }) {
  const [domain, setDomain] = useState('');
  const add = useAction(() => myOrg<OrgDomain>('POST', '/domains', { domain }));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await add.run();
    if (created) {
      setDomain('');
      onAdded(`${created.domain} added: publish its TXT record, then verify it.`);
    }
  };
  return (
    <form className="section" onSubmit={submit} aria-label="Add domain" noValidate>
      <h2>Add domain</h2>
      <ErrorNotice error={formLevelError(add.error, ['domain'])} />
      <div className="form">
        <TextField
          label="Domain"
          required
          value={domain}
          placeholder="example.com"
          onChange={(e) => setDomain(e.target.value)}
          error={fieldError(add.error, 'domain')}
          hint="An email domain your organization owns."
        />
        <div className="actions">
          <button type="submit" disabled={add.pending}>
            Add domain
          </button>
        </div>
      </div>
    </form>
  );
}
