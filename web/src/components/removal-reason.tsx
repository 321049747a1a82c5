const REASONS = [
  ['unused', 'Licences not in use'],
  ['staff_left', 'Staff member left'],
  ['licence_share', 'Licence share ended'],
  ['cost', 'Reducing cost'],
  ['switching_plan', 'Switching plan'],
  ['other', 'Other'],
] as const;
export type Reason = (typeof REASONS)[number][0];

/** Why licences are removed (001): a reason from the list, and an explanation when the plan asks. */
export function RemovalReason(props: {
  reason: Reason | '';
  onReason: (reason: Reason) => void;
  explanation: string;
  onExplanation: (text: string) => void;
  explanationRequired: boolean;
}) {
  return (
    <fieldset className="removal">
      <legend>Why are you removing licences?</legend>
      <label htmlFor="reason">Reason</label>
      <select
        id="reason"
        required
        value={props.reason}
        onChange={(e) => props.onReason(e.target.value as Reason)}
      >
        <option value="">Choose a reason</option>
        {REASONS.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      <label htmlFor="explanation">
        Please explain{props.explanationRequired ? ' (required)' : ' (optional)'}
      </label>
      <textarea
        id="explanation"
        required={props.explanationRequired}
        value={props.explanation}
        onChange={(e) => props.onExplanation(e.target.value)}
        rows={3}
      />
    </fieldset>
  );
}
