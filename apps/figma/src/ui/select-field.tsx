interface SelectFieldProps<T extends string> {
  /** The accessible name. */
  label: string;
  value: T;
  options: ReadonlyArray<{ value: T; text: string }>;
  onValueChange: (value: T) => void;
}

/**
 * A native `<select>` in Figma's look: a combobox whose items are real options (role, name, selected state),
 * keyboard included — the UI kit's Dropdown draws its items as unnamed radio inputs.
 */
export function SelectField<T extends string>({ label, value, options, onValueChange }: SelectFieldProps<T>) {
  return (
    <select
      class="select-field"
      aria-label={label}
      value={value}
      onChange={(event) => onValueChange(event.currentTarget.value as T)}
    >
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.text}
        </option>
      ))}
    </select>
  );
}
