import { useEffect, useState, type FormEvent } from 'react';
import { get, put } from '../../api/client';
import { CheckboxField } from '../../ui/fields';
import { ErrorNotice, Loading, StatusNotice } from '../../ui/feedback';
import { useAction, useLoad } from '../../ui/hooks';
import { PageHeader } from '../../ui/layout';

/** Auth0's policy lists for Gatehouse's three tenant policies (docs/mfa.md, "Tenant policy"). */
const POLICIES = [
  {
    value: 'optional',
    wire: [],
    label: 'Enrolled users',
    hint: 'Whoever enrolled a second factor answers it; organizations and applications may require one of everybody.',
  },
  { value: 'always', wire: ['all-applications'], label: 'Always', hint: 'Every login answers a second factor; who has none enrols one.' },
  {
    value: 'never',
    wire: ['gatehouse-never'],
    label: 'Never',
    hint: 'Nobody is asked, but where an organization or an application requires it.',
  },
] as const;

interface Factor {
  name: string;
  enabled: boolean;
}

/** The factors Gatehouse has, as the screen names them. */
const FACTORS: Record<string, { label: string; hint: string }> = {
  otp: { label: 'Authenticator app (one-time codes)', hint: 'Google Authenticator, 1Password, any TOTP app.' },
  'webauthn-roaming': { label: 'Security keys', hint: 'FIDO2 keys such as a YubiKey.' },
  'webauthn-platform': { label: 'Device biometrics', hint: 'Touch ID, Windows Hello, Android screen lock.' },
  email: { label: 'Email codes', hint: "A code sent to the user's verified email address." },
  'recovery-code': { label: 'Recovery codes', hint: 'Ten single-use codes, given at the first enrolment.' },
};

const policyOf = (wire: string[]) => POLICIES.find((p) => p.wire.join() === wire.join())?.value ?? 'optional';

/** `/multi-factor`: the tenant's MFA policy and which second factors users may enrol. */
export default function MultiFactorScreen() {
  return (
    <>
      <PageHeader
        title="Multi-factor authentication"
        description="When logins answer a second factor, and which factors users may enrol. Organizations add their own policy."
      />
      <PolicyForm />
      <FactorsForm />
    </>
  );
}

function PolicyForm() {
  const loaded = useLoad('guardian-policies', () => get<string[]>('/guardian/policies'));
  const [policy, setPolicy] = useState<string>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (loaded.data) setPolicy(policyOf(loaded.data));
  }, [loaded.data]);
  const save = useAction(() => put<string[]>('/guardian/policies', POLICIES.find((p) => p.value === policy)!.wire));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    if (await save.run()) setSaved(true);
  };
  return (
    <form className="section" onSubmit={submit} aria-label="Policy" noValidate>
      <h2>Policy</h2>
      <StatusNotice>{saved ? 'MFA policy saved.' : null}</StatusNotice>
      <ErrorNotice error={loaded.error ?? save.error} />
      {policy === undefined ? (
        <Loading />
      ) : (
        <div className="form">
          <fieldset>
            <legend>Ask for a second factor</legend>
            {POLICIES.map((p) => (
              <div className="field checkbox" key={p.value}>
                <input
                  id={`policy-${p.value}`}
                  type="radio"
                  name="policy"
                  value={p.value}
                  checked={policy === p.value}
                  onChange={() => setPolicy(p.value)}
                  aria-describedby={`policy-${p.value}-hint`}
                />
                <label htmlFor={`policy-${p.value}`}>{p.label}</label>
                <p className="hint" id={`policy-${p.value}-hint`}>
                  {p.hint}
                </p>
              </div>
            ))}
          </fieldset>
          <div className="actions">
            <button type="submit" disabled={save.pending}>
              Save policy
            </button>
          </div>
        </div>
      )}
    </form>
  );
}

function FactorsForm() {
  const loaded = useLoad('guardian-factors', () => get<Factor[]>('/guardian/factors'));
  const [enabled, setEnabled] = useState<Record<string, boolean>>();
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (loaded.data) setEnabled(Object.fromEntries(loaded.data.map((f) => [f.name, f.enabled])));
  }, [loaded.data]);
  const save = useAction(async () => {
    for (const f of loaded.data ?? []) {
      if (FACTORS[f.name] && enabled?.[f.name] !== f.enabled)
        await put(`/guardian/factors/${encodeURIComponent(f.name)}`, { enabled: enabled?.[f.name] ?? false });
    }
    return true;
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    if (await save.run()) {
      setSaved(true);
      loaded.reload();
    }
  };
  return (
    <form className="section" onSubmit={submit} aria-label="Factors" noValidate>
      <h2>Factors</h2>
      <StatusNotice>{saved ? 'Factors saved.' : null}</StatusNotice>
      <ErrorNotice error={loaded.error ?? save.error} />
      {enabled === undefined ? (
        <Loading />
      ) : (
        <div className="form">
          <p className="hint">A factor turned off is no longer offered at enrolment; methods enrolled before keep working.</p>
          {Object.entries(FACTORS).map(([name, f]) => (
            <CheckboxField
              key={name}
              label={f.label}
              hint={f.hint}
              checked={enabled[name] ?? false}
              onChange={(e) => setEnabled({ ...enabled, [name]: e.target.checked })}
            />
          ))}
          <div className="actions">
            <button type="submit" disabled={save.pending}>
              Save factors
            </button>
          </div>
        </div>
      )}
    </form>
  );
}
