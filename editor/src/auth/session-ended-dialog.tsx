// When the session ends in the middle of work (it expired, or was ended elsewhere), the screen
// stays as it is under this dialog, with any unsaved text: signing in again carries on where the
// user was, and the refused action can simply be tried again.
import { useEffect, useRef } from 'react';
import { usernameOf } from '../people/use-people';
import type { Session } from './session';
import { SignInForm } from './sign-in-screen';

export function SessionEndedDialog(props: {
  userId: string;
  onSignedIn: (session: Session) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const username = usernameOf(props.userId);
  useEffect(() => {
    const element = dialog.current;
    if (!element || element.open) return;
    // Modal: the page under it cannot be used (or its refusals mistaken for answers) until then.
    element.showModal();
    // showModal focuses the first field; with the user name known, the password is what to type.
    element.querySelector<HTMLInputElement>(username ? 'input[type=password]' : 'input')?.focus();
  }, [username]);

  return (
    <dialog
      ref={dialog}
      className="session-ended"
      aria-labelledby="sign-in-title"
      // Escape would leave the user on a screen whose every request is refused.
      onCancel={(event) => event.preventDefault()}
    >
      <SignInForm
        onSignedIn={props.onSignedIn}
        username={username}
        intro="Your session has ended. Sign in again to carry on: what is on the screen, unsaved changes included, stays as it is."
      />
    </dialog>
  );
}
