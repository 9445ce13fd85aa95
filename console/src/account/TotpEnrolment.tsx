import { useEffect, useRef, useState, type FormEvent } from 'react';
import QRCode from 'qrcode';
import { TextField } from '../ui/fields';
import { ErrorNotice } from '../ui/feedback';
import { fieldError, formLevelError, useAction } from '../ui/hooks';
import { me, reauthenticateFor, type TotpChallenge, type VerifiedMethod } from './api';

/**
 * Adding an authenticator app: the API's challenge as a QR code and a key to type, then the first
 * code from the app confirms it. A first factor comes with recovery codes, shown this once.
 */
export function TotpEnrolment({ resume, onResumed, onEnrolled }: { resume: boolean; onResumed(): void; onEnrolled(): void }) {
  const [challenge, setChallenge] = useState<TotpChallenge & { qr: string }>();
  const [code, setCode] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>();
  const panel = useRef<HTMLHeadingElement>(null);
  const codesHeading = useRef<HTMLHeadingElement>(null);

  const start = useAction(async () => {
    let started: TotpChallenge;
    try {
      started = await me<TotpChallenge>('POST', '/authentication-methods', { type: 'totp' });
    } catch (error) {
      if (await reauthenticateFor(error, 'add=totp')) return false;
      throw error;
    }
    setChallenge({ ...started, qr: await QRCode.toDataURL(started.barcode_uri, { margin: 1, width: 200 }) });
    setCode('');
    return true;
  });
  const verify = useAction(async () => {
    const method = await me<VerifiedMethod>('POST', `/authentication-methods/${encodeURIComponent(challenge!.id)}/verify`, {
      auth_session: challenge!.auth_session,
      otp_code: code.trim(),
    });
    setChallenge(undefined);
    setRecoveryCodes(method.recovery_codes ?? []);
    onEnrolled();
    return true;
  });

  // Back from signing in again to add an app: the enrolment starts at once (it changes nothing until verified).
  const resumed = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once, when the page comes back with `add=totp`.
  useEffect(() => {
    if (!resume || resumed.current) return;
    resumed.current = true;
    onResumed();
    void start.run();
  }, [resume]);
  useEffect(() => {
    if (challenge) panel.current?.focus();
  }, [challenge]);
  useEffect(() => {
    if (recoveryCodes?.length) codesHeading.current?.focus();
  }, [recoveryCodes]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await verify.run();
  };

  if (recoveryCodes?.length) {
    return (
      <div className="notice success">
        <h3 ref={codesHeading} tabIndex={-1}>
          Save your recovery codes
        </h3>
        <p>Each code signs you in once if you lose your phone. They are shown only now: keep them somewhere safe.</p>
        <ul aria-label="Recovery codes">
          {recoveryCodes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <button type="button" className="secondary" onClick={() => setRecoveryCodes(undefined)}>
          I saved them
        </button>
      </div>
    );
  }
  if (!challenge) {
    return (
      <>
        <ErrorNotice error={start.error} />
        <p>Use an app such as Google Authenticator, 1Password or Authy to get a code each time you sign in.</p>
        <button type="button" onClick={() => void start.run()} disabled={start.pending}>
          Set up an authenticator app
        </button>
      </>
    );
  }
  return (
    <form onSubmit={submit} aria-label="Set up an authenticator app">
      <h3 ref={panel} tabIndex={-1}>
        Scan the QR code
      </h3>
      <img className="qr" src={challenge.qr} width={200} height={200} alt="QR code to scan with your authenticator app" />
      <p>
        Or type this key into the app: <code id="totp-key">{challenge.manual_input_code}</code>
      </p>
      <ErrorNotice error={formLevelError(verify.error, ['otp_code'])} />
      <TextField
        label="Code from the app"
        hint="The six digits the app shows now."
        inputMode="numeric"
        autoComplete="one-time-code"
        required
        value={code}
        onChange={(e) => setCode(e.target.value)}
        error={fieldError(verify.error, 'otp_code')}
      />
      <div className="actions">
        <button type="submit" disabled={verify.pending}>
          Verify and add
        </button>
        <button type="button" className="secondary" onClick={() => setChallenge(undefined)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
