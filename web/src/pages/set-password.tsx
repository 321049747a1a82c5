import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api/client';
import { ErrorNotice } from '../components/states';

/**
 * Set a password with the single-use link of an invitation or a reset (11). Reached without
 * signing in; once set, the person signs in with it.
 */
export function SetPasswordPage({ token }: { token: string }) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState<{ email: string; organizationName: string } | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (password !== repeat) {
      setError(new Error('The two passwords are not the same'));
      return;
    }
    try {
      setDone(await unwrap(api.POST('/v1/sign-in-links/redeem', { body: { token, password } })));
    } catch (caught) {
      setError(caught as Error);
    }
  };
  return (
    <main className="sign-in" id="main">
      {done ? (
        <div className="notice success" role="status">
          <h1>Your password is set</h1>
          <p>
            {done.email} can now sign in to {done.organizationName}.
          </p>
          <a href="#/">Sign in</a>
        </div>
      ) : (
        <form onSubmit={(e) => void submit(e)} aria-labelledby="set-password-title">
          <h1 id="set-password-title">Choose your password</h1>
          <p className="muted">At least 10 characters. The link works once.</p>
          <label htmlFor="new-password">New password</label>
          <input
            id="new-password"
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <label htmlFor="repeat-password">The same again</label>
          <input
            id="repeat-password"
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
          />
          {error ? <ErrorNotice error={error} /> : null}
          <button type="submit" className="primary">
            Set password
          </button>
        </form>
      )}
    </main>
  );
}
