import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';

export function SignInPage({ onSignedIn }: { onSignedIn: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await unwrap(api.POST('/v1/sessions', { body: { email, password } }));
      onSignedIn();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="sign-in" id="main">
      <form onSubmit={(event) => void submit(event)} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Seatledger</h1>
        <p className="muted">Licences, staff and invoices for your clinics.</p>
        <label htmlFor="email">Email</label>
        <input
          id="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {error ? (
          <p className="notice error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <ForgotPassword email={email} />
      <p className="muted small">
        <a href="#/vendor">Vendor back office</a>
      </p>
    </main>
  );
}

/** A forgotten password: a link by e-mail. The answer is the same whether the address is known. */
function ForgotPassword({ email }: { email: string }) {
  const [open, setOpen] = useState(false);
  const [address, setAddress] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  if (!open) {
    return (
      <button
        type="button"
        className="link"
        onClick={() => {
          setAddress(email);
          setOpen(true);
        }}
      >
        Forgot your password?
      </button>
    );
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      const sent = await unwrap(api.POST('/v1/password-resets', { body: { email: address } }));
      setMessage(sent.message);
    } catch (caught) {
      setError(caught as Error);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Reset your password">
      <label htmlFor="reset-email">Email for the reset link</label>
      <input
        id="reset-email"
        type="email"
        required
        value={address}
        onChange={(e) => setAddress(e.target.value)}
      />
      {error ? (
        <p className="notice error" role="alert">
          {error.message}
        </p>
      ) : null}
      {message ? (
        <p className="notice success" role="status">
          {message}
        </p>
      ) : null}
      <button type="submit">Send a reset link</button>
    </form>
  );
}
