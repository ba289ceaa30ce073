import { bindService, requireRole, ValidationError } from '@thuocdo/kit';
import { worklogV1 } from '@thuocdo/proto';
import { canLogFor, canReadLogsOf, type LogWorkRules, parseListWorkLogs, parseLogWork } from '../domain/work-log';
import type { WorklogStore } from '../store/worklog-store';

export function worklogService(store: WorklogStore, rules: LogWorkRules) {
  return bindService('thuocdo.worklog.v1.WorklogService', worklogV1.WorklogServiceService, {
    async logWork(req, { principal }) {
      requireRole(principal, ['official', 'integrator']);
      const w = parseLogWork(req, rules);
      const refs = await store.references(principal.tenantId, w.officialId, w.workItemId);
      if (!refs.official) throw new ValidationError('official_id', { vi: 'Không tìm thấy công chức', en: 'Unknown official' });
      canLogFor(principal, w.officialId, refs.official);
      if (!refs.workItemKnown)
        throw new ValidationError('work_item_id', {
          vi: 'Đầu việc không có trong danh mục',
          en: 'Unknown work item: not in the catalog',
        });
      const { entry, repeated } = await store.logWork(principal.tenantId, principal.subject, w, refs.official);
      // A retried request gets the first answer again, never a second entry.
      if (repeated && entry.officialId !== w.officialId)
        throw new ValidationError('request_id', {
          vi: 'Mã yêu cầu đã được dùng cho một kê khai khác',
          en: 'request_id was already used for another entry',
        });
      return { entry };
    },
    async listWorkLogs(req, { principal }) {
      const q = parseListWorkLogs(req);
      const own = principal.officialId === q.officialId;
      canReadLogsOf(principal, q.officialId, own ? undefined : await store.official(principal.tenantId, q.officialId));
      const { entries, next } = await store.list(principal.tenantId, q);
      return { entries, nextPageToken: next };
    },
  });
}
