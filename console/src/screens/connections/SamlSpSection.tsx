import { get } from '../../api/client';
import { CopyField } from '../../ui/CopyButton';
import { ErrorNotice, Loading } from '../../ui/feedback';
import { useLoad } from '../../ui/hooks';
import { Section } from '../../ui/layout';
import type { SamlSpValues } from './types';

/** What the customer's IT admin pastes into their IdP (Okta, Entra ID, Google Workspace) for this connection. */
export function SamlSpSection({ connectionId }: { connectionId: string }) {
  const sp = useLoad(connectionId, () => get<SamlSpValues>(`/connections/${connectionId}/saml-sp`));
  return (
    <Section title="Values for the identity provider">
      <p className="hint">Send these to your customer's IT admin: they paste them into the SAML app they create in their IdP.</p>
      <ErrorNotice error={sp.error} />
      {sp.loading && !sp.data ? <Loading /> : null}
      {sp.data ? (
        <div className="sp-values">
          <CopyField label="Entity ID" value={sp.data.entity_id} />
          <CopyField label="ACS URL" value={sp.data.acs_url} />
          <CopyField label="Metadata URL" value={sp.data.metadata_url} />
          <CopyField label="Name ID format" value={sp.data.name_id_format} />
          <dl className="facts">
            {Object.entries(sp.data.attributes).map(([field, attribute]) => (
              <div key={field}>
                <dt>Attribute for {field}</dt>
                <dd>
                  <code>{attribute}</code>
                </dd>
              </div>
            ))}
          </dl>
        </div>
      ) : null}
    </Section>
  );
}
