import { useState, type FormEvent } from 'react';
import { useOutletContext } from 'react-router';
import { del, get, patch, post } from '../../api/client';
import type { OrganizationDomain } from '../../api/resources';
import { AddDomainForm, DomainList } from '../../ui/DomainList';
import { CheckboxField, TextAreaField } from '../../ui/fields';
import { Empty, ErrorNotice, Loading, StatusNotice } from '../../ui/feedback';
import { fieldError, formLevelError, useAction, useLoad } from '../../ui/hooks';
import { Section } from '../../ui/layout';
import type { Organization, OrganizationContext } from './types';

/** Every domain of the organization, walking the checkpoint pages. */
async function allDomains(organizationId: string): Promise<OrganizationDomain[]> {
  const items: OrganizationDomain[] = [];
  let from: string | undefined;
  for (let page = 0; page < 50; page += 1) {
    const body = await get<{ domains: OrganizationDomain[]; next?: string }>(`/organizations/${organizationId}/discovery-domains`, {
      take: 100,
      from,
    });
    items.push(...body.domains);
    if (!body.next) break;
    from = body.next;
  }
  return items;
}

/** Verified domains: add one, publish its TXT record, verify it; then SSO enforcement for them. */
export default function DomainsTab() {
  const { organization: org } = useOutletContext<OrganizationContext>();
  const domains = useLoad(`domains:${org.id}`, () => allDomains(org.id));
  const [status, setStatus] = useState('');
  const verify = useAction((id: string) => post<OrganizationDomain>(`/organizations/${org.id}/discovery-domains/${id}/verify`));
  const remove = useAction(async (id: string) => {
    await del(`/organizations/${org.id}/discovery-domains/${id}`);
    return true;
  });
  const check = async (d: OrganizationDomain) => {
    setStatus('');
    const result = await verify.run(d.id);
    if (result) {
      setStatus(result.status === 'verified' ? `${result.domain} is verified.` : `${result.domain} could not be verified.`);
      domains.reload();
    }
  };
  return (
    <>
      <AddDomain organizationId={org.id} onAdded={domains.reload} />
      <Section title="Domains">
        <StatusNotice>{status || null}</StatusNotice>
        <ErrorNotice error={domains.error ?? verify.error ?? remove.error} />
        {domains.loading && !domains.data ? <Loading /> : null}
        {domains.data?.length === 0 ? <Empty>No domains yet. Add the email domains this organization owns.</Empty> : null}
        {domains.data?.length ? (
          <DomainList
            domains={domains.data}
            verifying={verify.pending}
            onVerify={check}
            removeDescription="Logins stop finding this organization by this domain."
            onRemove={async (d) => {
              if (await remove.run(d.id)) domains.reload();
            }}
            details={(d) => (
              <>
                {d.status === 'verified' ? (
                  <p className="hint">
                    {d.use_for_organization_discovery
                      ? 'Used for organization discovery at login.'
                      : 'Not used for organization discovery.'}
                  </p>
                ) : null}
                {d.last_error ? (
                  <p className="field-error">
                    Last check {d.last_checked_at ? new Date(d.last_checked_at).toLocaleString() : ''}: {d.last_error}
                  </p>
                ) : null}
              </>
            )}
          />
        ) : null}
      </Section>
      <SsoEnforcement />
    </>
  );
}

function AddDomain({ organizationId, onAdded }: { organizationId: string; onAdded(): void }) {
  const [domain, setDomain] = useState('');
  const [discovery, setDiscovery] = useState(true);
  const [added, setAdded] = useState('');
  const add = useAction(() =>
    post<OrganizationDomain>(`/organizations/${organizationId}/discovery-domains`, { domain, use_for_organization_discovery: discovery }),
  );
  const submit = async () => {
    setAdded('');
    const created = await add.run();
    if (created) {
      setAdded(`${created.domain} added: publish its TXT record, then verify it.`);
      setDomain('');
      onAdded();
    }
  };
  return (
    <AddDomainForm
      domain={domain}
      onDomainChange={setDomain}
      onSubmit={submit}
      pending={add.pending}
      error={add.error}
      notice={added}
      hint="An email domain the organization owns. Public email providers cannot be added."
      otherFields={['use_for_organization_discovery']}
    >
      <CheckboxField
        label="Use for organization discovery"
        checked={discovery}
        onChange={(e) => setDiscovery(e.target.checked)}
        hint="Once verified, people who enter an email in this domain at login find this organization."
      />
    </AddDomainForm>
  );
}

function SsoEnforcement() {
  const { organization: org, setOrganization } = useOutletContext<OrganizationContext>();
  const [enabled, setEnabled] = useState(org.gatehouse_sso_enforcement.enabled);
  const [accounts, setAccounts] = useState(org.gatehouse_sso_enforcement.break_glass_accounts.join('\n'));
  const [saved, setSaved] = useState(false);
  const save = useAction(() =>
    patch<Organization>(`/organizations/${org.id}`, {
      gatehouse_sso_enforcement: {
        enabled,
        break_glass_accounts: accounts
          .split(/[\s,]+/)
          .map((a) => a.trim())
          .filter(Boolean),
      },
    }),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const updated = await save.run();
    if (updated) {
      setOrganization(updated);
      setAccounts(updated.gatehouse_sso_enforcement.break_glass_accounts.join('\n'));
      setSaved(true);
    }
  };
  const accountsField = 'gatehouse_sso_enforcement.break_glass_accounts';
  return (
    <form className="section" onSubmit={submit} aria-label="Single sign-on enforcement" noValidate>
      <h2>Single sign-on enforcement</h2>
      <StatusNotice>{saved ? 'SSO enforcement saved.' : null}</StatusNotice>
      <ErrorNotice error={formLevelError(save.error, [accountsField])} />
      <div className="form">
        <CheckboxField
          label="Require single sign-on for verified domains"
          checked={enabled}
          onChange={(e) => setEnabled(e.target.checked)}
          hint="People with an email in a verified domain can sign in only through this organization's enterprise connections: no password, no social login."
        />
        <TextAreaField
          label="Break-glass accounts"
          value={accounts}
          rows={3}
          onChange={(e) => setAccounts(e.target.value)}
          error={fieldError(save.error, accountsField)}
          hint="Emails or user ids, one per line, that keep their password for emergencies."
        />
        <div className="actions">
          <button type="submit" disabled={save.pending}>
            Save SSO enforcement
          </button>
        </div>
      </div>
    </form>
  );
}
