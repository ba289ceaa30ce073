import { type Actor, check, type Decision, PermissionDeniedError, unchanged, VersionConflictError } from '@thuocdo/kit';

// ---------------------------------------------------------------------------------------------
// A tenant's scoring settings: the day of the month after a period by which it closes (Khánh Hòa's
// units report by the 25th; Thanh Hóa decides by the 28th). Until the tenant sets it, the
// deployment's default (SCORING_CLOSING_DAY) applies. Tenant-wide HR changes it.

export interface ScoringSettings {
  tenantId: string;
  /** 1–28, or 0: a period closes as soon as it ends. */
  closingDay: number;
  /** 0 while the tenant has set nothing (the deployment's default applies). */
  version: number;
  by: string;
  at: Date | null;
}

/** The tenant's settings as stored, or the deployment's default. */
export const settingsOrDefault = (stored: ScoringSettings | undefined, tenantId: string, defaultClosingDay: number): ScoringSettings =>
  stored ?? { tenantId, closingDay: defaultClosingDay, version: 0, by: '', at: null };

export interface SettingsUpdate {
  closingDay: number;
  version: number;
}

export function parseSettingsUpdate(r: { closingDay: number; version: number }): SettingsUpdate {
  return {
    closingDay: check.intRange('closing_day', r.closingDay, 0, 28),
    version: check.intRange('version', Number(r.version), 0, Number.MAX_SAFE_INTEGER),
  };
}

/** The new settings, over the version read; tenant-wide HR only (the deadline is the province's). */
export function updateSettings(u: SettingsUpdate, current: ScoringSettings, actor: Actor): Decision<ScoringSettings, never> {
  if (!actor.scope.tenant)
    throw new PermissionDeniedError({
      vi: 'Chỉ quản trị nhân sự toàn tỉnh mới đổi hạn đóng kỳ đánh giá',
      en: 'Only tenant-wide HR administrators change the closing day',
    });
  if (u.version !== current.version)
    throw new VersionConflictError(
      {
        vi: 'Cài đặt vừa được người khác thay đổi; hãy tải lại rồi thử lại',
        en: 'The settings were changed since you read them; reload and retry',
      },
      'version',
    );
  if (current.version > 0 && u.closingDay === current.closingDay) return unchanged(current);
  return {
    entity: {
      tenantId: current.tenantId,
      closingDay: u.closingDay,
      version: current.version + 1,
      by: actor.principal.subject,
      at: actor.now,
    },
    events: [],
    unchanged: false,
  };
}
