/** The names an answer carries for the ids it refers to (NamedRef lists), as a lookup. */
export function namesOf(refs: { id: string; name: string }[] | undefined): (id: string) => string {
  const map = new Map((refs ?? []).map((r) => [r.id, r.name]));
  return (id) => map.get(id) ?? '';
}
