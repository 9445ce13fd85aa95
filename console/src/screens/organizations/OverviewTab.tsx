import { useState, type FormEvent } from 'react';
import { useNavigate, useOutletContext } from 'react-router';
import { del, patch } from '../../api/client';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { TextField } from '../../ui/fields';
import { ErrorNotice, StatusNotice } from '../../ui/feedback';
import { fieldError, formLevelError, useAction } from '../../ui/hooks';
import { Section } from '../../ui/layout';
import { LoginPreview } from './LoginPreview';
import { MetadataRows, type MetadataRow } from './MetadataRows';
import type { Branding, Organization, OrganizationContext } from './types';

const FIELDS = ['name', 'display_name', 'branding', 'metadata'];

/** Branding with the empty inputs left out; null when nothing is set (PATCH removes it). */
function brandingOf(logo: string, primary: string, background: string): Branding | null {
  const colors = { ...(primary ? { primary } : {}), ...(background ? { page_background: background } : {}) };
  const branding: Branding = { ...(logo ? { logo_url: logo } : {}), ...(Object.keys(colors).length ? { colors } : {}) };
  return Object.keys(branding).length ? branding : null;
}

/** The metadata patch: every row's value, and null for each stored key no longer listed. */
function metadataPatch(stored: Record<string, string>, rows: MetadataRow[]): Record<string, string | null> {
  const next: Record<string, string | null> = Object.fromEntries(Object.keys(stored).map((k) => [k, null]));
  for (const row of rows) if (row.key) next[row.key] = row.value;
  return next;
}

export default function OverviewTab() {
  const { organization: org, setOrganization } = useOutletContext<OrganizationContext>();
  const navigate = useNavigate();
  const [name, setName] = useState(org.name);
  const [displayName, setDisplayName] = useState(org.display_name ?? '');
  const [logo, setLogo] = useState(org.branding?.logo_url ?? '');
  const [primary, setPrimary] = useState(org.branding?.colors?.primary ?? '');
  const [background, setBackground] = useState(org.branding?.colors?.page_background ?? '');
  const [rows, setRows] = useState<MetadataRow[]>(Object.entries(org.metadata).map(([key, value]) => ({ key, value })));
  const [saved, setSaved] = useState(false);
  const save = useAction(() =>
    patch<Organization>(`/organizations/${org.id}`, {
      name,
      display_name: displayName || null,
      branding: brandingOf(logo, primary, background),
      metadata: metadataPatch(org.metadata, rows),
    }),
  );
  const remove = useAction(async () => {
    await del(`/organizations/${org.id}`);
    return true;
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const updated = await save.run();
    if (updated) {
      setOrganization(updated);
      setSaved(true);
    }
  };
  const branding = brandingOf(logo, primary, background) ?? {};
  return (
    <>
      <form className="section" onSubmit={submit} noValidate aria-label="Organization settings">
        <StatusNotice>{saved ? 'Organization saved.' : null}</StatusNotice>
        <ErrorNotice error={formLevelError(save.error, FIELDS)} />
        <div className="form">
          <TextField label="Organization ID" value={org.id} readOnly hint="Assigned by Gatehouse; it never changes." />
          <TextField
            label="Name"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={fieldError(save.error, 'name')}
            hint="Lowercase letters, digits, - and _. Login links that name the organization use it."
            autoComplete="off"
          />
          <TextField
            label="Display name"
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            error={fieldError(save.error, 'display_name')}
            autoComplete="off"
          />
        </div>
        <h2 className="org-subhead">Branding</h2>
        <div className="branding-grid">
          <div className="form">
            <TextField
              label="Logo URL"
              type="url"
              value={logo}
              onChange={(e) => setLogo(e.target.value)}
              error={fieldError(save.error, 'branding.logo_url')}
              hint="An https:// address of the image shown on the login page."
            />
            <TextField
              label="Primary colour"
              value={primary}
              onChange={(e) => setPrimary(e.target.value)}
              error={fieldError(save.error, 'branding.colors.primary')}
              hint="Buttons and links, as #rrggbb."
              placeholder="#1d4ed8"
            />
            <TextField
              label="Page background"
              value={background}
              onChange={(e) => setBackground(e.target.value)}
              error={fieldError(save.error, 'branding.colors.page_background')}
              hint="Behind the login card, as #rrggbb."
              placeholder="#f4f6f9"
            />
            {fieldError(save.error, 'branding') && !/branding\./.test(save.error?.message ?? '') ? (
              <p className="field-error">{save.error?.message}</p>
            ) : null}
          </div>
          <LoginPreview branding={branding} title={displayName || name} />
        </div>
        <div className="form">
          <MetadataRows rows={rows} onChange={setRows} error={fieldError(save.error, 'metadata')} />
          <div className="actions">
            <button type="submit" disabled={save.pending}>
              Save changes
            </button>
          </div>
        </div>
      </form>
      <Section title="Danger zone">
        <p>Deleting the organization removes its members, invitations and connection settings. Users and connections themselves stay.</p>
        <ErrorNotice error={remove.error} />
        <ConfirmButton
          title={`Delete organization ${org.name}?`}
          description="This cannot be undone."
          confirmLabel="Delete organization"
          onConfirm={async () => {
            if (await remove.run()) navigate('/organizations');
          }}
        >
          Delete organization
        </ConfirmButton>
      </Section>
    </>
  );
}
