import { useId, useRef, useState, type ReactNode } from 'react';

interface Props {
  /** The button's text, e.g. "Delete". */
  children: ReactNode;
  /** The dialog's title, e.g. "Delete organization acme?". */
  title: string;
  /** What will happen, in a sentence or two. */
  description?: ReactNode;
  /** The confirming button's text; defaults to the trigger's. */
  confirmLabel?: string;
  // biome-ignore lint/suspicious/noConfusingVoidType: handlers may be synchronous and return nothing.
  onConfirm(): Promise<unknown> | void;
  className?: string;
  disabled?: boolean;
  /** The trigger's accessible name, when its text alone ("Remove") would be ambiguous in a list. */
  label?: string;
}

/**
 * A destructive action behind a confirmation: a native modal <dialog>, so focus is trapped and
 * Escape cancels without any script of ours. The cancel button has focus first.
 */
export function ConfirmButton({ children, title, description, confirmLabel, onConfirm, className = 'danger', disabled, label }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const descriptionId = useId();
  const open = () => {
    dialog.current?.showModal();
    cancel.current?.focus();
  };
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
    } finally {
      setBusy(false);
      dialog.current?.close();
    }
  };
  return (
    <>
      <button type="button" className={className} onClick={open} disabled={disabled} aria-label={label}>
        {children}
      </button>
      <dialog ref={dialog} aria-labelledby={titleId} aria-describedby={description ? descriptionId : undefined} className="confirm">
        <h2 id={titleId}>{title}</h2>
        {description ? <div id={descriptionId}>{description}</div> : null}
        <div className="actions">
          <button type="button" ref={cancel} className="secondary" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="button" className="danger" onClick={confirm} disabled={busy}>
            {confirmLabel ?? children}
          </button>
        </div>
      </dialog>
    </>
  );
}
