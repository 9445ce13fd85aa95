import { useState, type FormEvent } from 'react';
import { useOutletContext } from 'react-router';
import { patch } from '../../api/client';
import { CheckboxField, TextField } from '../../ui/fields';
import { ErrorNotice, StatusNotice } from '../../ui/feedback';
import { fieldError, formLevelError, useAction } from '../../ui/hooks';
import type { Organization, OrganizationContext } from './types';
import { MfaPolicyForm } from './MfaPolicyForm';

const FIELDS = ['allowed_domains', 'is_auto_join_domain_list', 'is_auto_membership_enabled'];

/** The organization's policies: allowed email domains, auto-add, self-join; then its MFA policy. */
export default function PoliciesTab() {
  const { organization: org, setOrganization } = useOutletContext<OrganizationContext>();
  const [domains, setDomains] = useState(org.allowed_domains);
  const [draft, setDraft] = useState('');
  const [autoJoin, setAutoJoin] = useState(org.is_auto_join_domain_list);
  const [selfJoin, setSelfJoin] = useState(org.is_auto_membership_enabled);
  const [saved, setSaved] = useState(false);
  const save = useAction(() =>
    patch<Organization>(`/organizations/${org.id}`, {
      allowed_domains: domains,
      is_auto_join_domain_list: autoJoin,
      is_auto_membership_enabled: selfJoin,
    }),
  );
  const addDomain = () => {
    const domain = draft.trim().toLowerCase();
    if (domain && !domains.includes(domain)) setDomains([...domains, domain]);
    setDraft('');
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const updated = await save.run();
    if (updated) {
      setOrganization(updated);
      setDomains(updated.allowed_domains);
      setSaved(true);
    }
  };
  const domainError = fieldError(save.error, 'allowed_domains');
  return (
    <>
      <form className="section" onSubmit={submit} aria-label="Policies" noValidate>
        <h2>Allowed domains</h2>
        <StatusNotice>{saved ? 'Policies saved.' : null}</StatusNotice>
        <ErrorNotice error={formLevelError(save.error, FIELDS)} />
        <div className="form">
          {domains.length === 0 ? (
            <p className="empty">No allowed domains.</p>
          ) : (
            <ul className="domain-list" aria-label="Allowed domains">
              {domains.map((d) => (
                <li key={d}>
                  <code>{d}</code>{' '}
                  <button type="button" className="secondary small" onClick={() => setDomains(domains.filter((x) => x !== d))}>
                    Remove {d}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="inline-add">
            <TextField
              label="Domain"
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              placeholder="example.com"
              error={domainError}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  addDomain();
                }
              }}
              hint="An email domain, such as example.com. Up to 100."
            />
            <button type="button" className="secondary" onClick={addDomain} disabled={!draft.trim()}>
              Add domain
            </button>
          </div>
          <CheckboxField
            label="Auto-add users from allowed domains"
            checked={autoJoin}
            onChange={(e) => setAutoJoin(e.target.checked)}
            error={fieldError(save.error, 'is_auto_join_domain_list')}
            hint={
              domains.length
                ? 'Users whose verified email is in an allowed domain become members when they log in.'
                : 'Add an allowed domain for this to have any effect.'
            }
          />
          <CheckboxField
            label="Enable Auto-Membership"
            checked={selfJoin}
            onChange={(e) => setSelfJoin(e.target.checked)}
            error={fieldError(save.error, 'is_auto_membership_enabled')}
            hint="Allow self-join: users who log in to this organization become members."
          />
          <div className="actions">
            <button type="submit" disabled={save.pending}>
              Save policies
            </button>
          </div>
        </div>
      </form>
      <MfaPolicyForm />
    </>
  );
}
