import { useState } from 'react';
import { AddDomainForm, DomainList } from '../ui/DomainList';
import { Empty, ErrorNotice, Loading, StatusNotice } from '../ui/feedback';
import { useAction, useLoad } from '../ui/hooks';
import { PageHeader, Section } from '../ui/layout';
import { listAll, myOrg, type OrgDomain } from './api';
import { hasScope } from './session';

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
          <DomainList
            domains={domains.data}
            verifying={verify.pending}
            onVerify={hasScope('update:my_org:domains') ? check : undefined}
            removeDescription="Logins stop finding your organization by this domain."
            onRemove={
              hasScope('delete:my_org:domains')
                ? async (d) => {
                    setStatus('');
                    if (await remove.run(d)) {
                      setStatus(`${d.domain} was removed.`);
                      domains.reload();
                    }
                  }
                : undefined
            }
          />
        ) : null}
      </Section>
    </>
  );
}

function AddDomain({ onAdded }: { onAdded(message: string): void }) {
  const [domain, setDomain] = useState('');
  const add = useAction(() => myOrg<OrgDomain>('POST', '/domains', { domain }));
  const submit = async () => {
    const created = await add.run();
    if (created) {
      setDomain('');
      onAdded(`${created.domain} added: publish its TXT record, then verify it.`);
    }
  };
  return (
    <AddDomainForm
      domain={domain}
      onDomainChange={setDomain}
      onSubmit={submit}
      pending={add.pending}
      error={add.error}
      hint="An email domain your organization owns."
    />
  );
}
