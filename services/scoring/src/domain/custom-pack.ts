import { type Actor, PermissionDeniedError, ValidationError } from '@thuocdo/kit';
import { type RulePack, validateRulePack } from './rule-pack';

// ---------------------------------------------------------------------------------------------
// A pack a tenant builds from the same parts as those ThuocDo ships (Khánh Hòa's own criteria,
// another locality's bands): tenant-wide HR saves it; each save is the next version of its code,
// so results made by an earlier version keep naming what made them. Validated as a whole.

/** The pack as saved: the next version of its code among the tenant's, checked. */
export function defineCustomPack(input: RulePack, shipped: readonly RulePack[], own: readonly RulePack[], actor: Actor): RulePack {
  if (!actor.scope.tenant)
    throw new PermissionDeniedError({
      vi: 'Chỉ quản trị nhân sự toàn tỉnh mới lưu bộ quy tắc chấm điểm',
      en: 'Only tenant-wide HR administrators save rule packs',
    });
  if (shipped.some((p) => p.code === input.code))
    throw new ValidationError('pack.code', {
      vi: `${input.code} là mã của một bộ quy tắc có sẵn: hãy đặt mã khác`,
      en: `${input.code} is the code of a shipped pack: choose another`,
    });
  const version = Math.max(0, ...own.filter((p) => p.code === input.code).map((p) => p.version)) + 1;
  try {
    return validateRulePack({ ...input, version });
  } catch (err) {
    // The API's field is the request's: the pack's own fields under `pack`.
    if (err instanceof ValidationError) throw new ValidationError(`pack.${err.field}`, err.text);
    throw err;
  }
}

/** A tenant's packs: those shipped and their own, each version; `find` by code and version. */
export function packCatalog(shipped: readonly RulePack[], own: readonly RulePack[]) {
  const all = [...shipped, ...own];
  return { all, find: (code: string, version: number) => all.find((p) => p.code === code && p.version === version) };
}
export type PackCatalog = ReturnType<typeof packCatalog>;
