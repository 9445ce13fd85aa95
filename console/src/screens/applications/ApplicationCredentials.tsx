import { useEffect, useState } from 'react';
import { post } from '../../api/client';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { CopyButton, CopyField } from '../../ui/CopyButton';
import { ErrorNotice } from '../../ui/feedback';
import { useAction } from '../../ui/hooks';
import { Section } from '../../ui/layout';
import { useApplication } from './application-context';
import { forgetSecret, peekSecret } from './one-time-secret';
import type { ClientWithSecret } from './types';
import './applications.css';

const AUTH_METHODS: Record<string, string> = {
  none: 'None (public application, PKCE)',
  client_secret_post: 'Client secret (POST)',
  client_secret_basic: 'Client secret (Basic)',
};

/**
 * The client ID, and the secret only at the moment it is created or rotated: Auth0's dashboard shows
 * it again later, the console does not, so a secret on screen is always a fresh one.
 */
export default function ApplicationCredentials() {
  const { client } = useApplication();
  const [secret, setSecret] = useState(() => peekSecret(client.client_id));
  // Shown for this visit only: leaving the tab or reloading loses it for good.
  useEffect(() => forgetSecret(client.client_id), [client.client_id]);
  const rotate = useAction(() => post<ClientWithSecret>(`/clients/${encodeURIComponent(client.client_id)}/rotate-secret`));
  const [rotatedWithoutSecret, setRotatedWithoutSecret] = useState(false);
  const confidential = client.token_endpoint_auth_method !== 'none';
  return (
    <>
      <Section title="Client credentials">
        <CopyField label="Client ID" value={client.client_id} />
        <dl className="facts credentials-facts">
          <dt>Authentication method</dt>
          <dd>{AUTH_METHODS[client.token_endpoint_auth_method] ?? client.token_endpoint_auth_method}</dd>
        </dl>
      </Section>
      {confidential ? (
        <Section title="Client secret">
          {secret ? (
            <div className="secret one-time-secret" role="status">
              <p>
                <strong>Copy this client secret now.</strong> It is shown only this once; after you leave this page, only rotating it gives
                you a new one.
              </p>
              <div className="secret-value">
                <span className="visually-hidden">Client secret: </span>
                <code className="client-secret">{secret}</code>
                <CopyButton value={secret} label="Copy client secret" />
              </div>
            </div>
          ) : (
            <p>The client secret is not shown again after it is created. If it was lost or leaked, rotate it.</p>
          )}
          {rotatedWithoutSecret ? (
            <p className="notice error" role="alert">
              The secret was rotated, but your token lacks read:client_keys, so the new secret could not be shown.
            </p>
          ) : null}
          <ErrorNotice error={rotate.error} />
          <ConfirmButton
            title="Rotate the client secret?"
            confirmLabel="Rotate secret"
            description={<p>The current secret stops working at once: anything still using it fails until it is given the new one.</p>}
            onConfirm={async () => {
              setRotatedWithoutSecret(false);
              const rotated = await rotate.run();
              if (!rotated) return;
              if (rotated.client_secret) setSecret(rotated.client_secret);
              else {
                setSecret(undefined);
                setRotatedWithoutSecret(true);
              }
            }}
          >
            Rotate secret
          </ConfirmButton>
        </Section>
      ) : (
        <Section title="Client secret">
          <p>This is a public application: it signs users in with PKCE and has no secret to keep.</p>
        </Section>
      )}
    </>
  );
}
