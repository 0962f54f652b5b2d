// The 6 digits an authenticator app shows, typed in: digits only, offered to password managers
// and phone keyboards as a one-time code.
export function TotpCodeInput(props: {
  name: string;
  value: string;
  onChange: (code: string) => void;
}) {
  return (
    <label>
      Code from your authenticator app
      <input
        name={props.name}
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]{6}"
        maxLength={6}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value.replace(/\D/g, ''))}
        required
        autoFocus
      />
    </label>
  );
}
