import { useId } from "preact/hooks";

interface SelectFieldProps<T extends string> {
  /** The accessible name; shown above the field with `showLabel`. */
  label: string;
  showLabel?: boolean;
  value: T;
  options: ReadonlyArray<{ value: T; text: string }>;
  onValueChange: (value: T) => void;
  disabled?: boolean;
}

/**
 * A native `<select>` in Figma's look: a combobox whose items are real options (role, name, selected state),
 * keyboard included — the UI kit's Dropdown draws its items as unnamed radio inputs.
 */
export function SelectField<T extends string>(props: SelectFieldProps<T>) {
  const { label, showLabel = false, value, options, onValueChange, disabled = false } = props;
  const id = useId();
  const select = (
    <select
      id={id}
      class="select-field"
      aria-label={showLabel ? undefined : label}
      value={value}
      disabled={disabled}
      onChange={(event) => onValueChange(event.currentTarget.value as T)}
    >
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.text}
        </option>
      ))}
    </select>
  );
  if (!showLabel) return select;
  return (
    <div class="field">
      <label class="field-label" for={id}>
        {label}
      </label>
      {select}
    </div>
  );
}
