// A set of choices ticked on and off (roles, scopes), as a labelled group of checkboxes.

export function ChoiceList<T extends string>(props: {
  legend: string;
  choices: readonly T[];
  chosen: readonly T[];
  onChange: (chosen: T[]) => void;
  labelOf?: (choice: T) => string;
  disabled?: boolean;
}) {
  const {
    legend,
    choices,
    chosen,
    onChange,
    labelOf = (choice) => choice.replaceAll('_', ' '),
  } = props;
  const toggle = (choice: T) =>
    onChange(
      chosen.includes(choice)
        ? chosen.filter((other) => other !== choice)
        : choices.filter((other) => other === choice || chosen.includes(other)),
    );
  return (
    <fieldset className="choices">
      <legend>{legend}</legend>
      {choices.map((choice) => (
        <label key={choice} className="check">
          <input
            type="checkbox"
            checked={chosen.includes(choice)}
            disabled={props.disabled}
            onChange={() => toggle(choice)}
          />
          {labelOf(choice)}
        </label>
      ))}
    </fieldset>
  );
}
