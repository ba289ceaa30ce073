/**
 * Protobuf enums and domain names: the domain says 'CIVIL_SERVANT', the API
 * OFFICIAL_CATEGORY_CIVIL_SERVANT = 2. ts-proto generates `<enum>ToJSON` / `<enum>FromJSON`;
 * these strip or add the enum's prefix. Unspecified and unknown values become '' so that the
 * domain's validation names the field.
 */
export function enumName(value: number, toJSON: (v: number) => string, prefix: string): string {
  const name = toJSON(value);
  return name.startsWith(prefix) && !name.endsWith('_UNSPECIFIED') ? name.slice(prefix.length) : '';
}

export function enumValue<E>(name: string, fromJSON: (v: string) => E, prefix: string): E {
  return fromJSON(`${prefix}${name}`);
}
