import { worklogV1 } from '@thuocdo/proto';
import { bindService, execute, rpc } from '@thuocdo/service';
import { type LogWorkRules, logWork, parseLogWork, planListWorkLogs } from '../domain/work-log';
import type { WorklogStore } from '../store/worklog-store';
import { fromLogWorkRequest, toProtoEntry } from './mapping';

/** WorklogService: protobuf in, domain decisions, the store, protobuf out. */
export function worklogService(store: WorklogStore, rules: LogWorkRules) {
  return bindService('thuocdo.worklog.v1.WorklogService', worklogV1.WorklogServiceService, {
    logWork: rpc('worklog.write', async (req, { actor, cancelled }) => {
      const input = parseLogWork(fromLogWorkRequest(req), rules, actor.now);
      const { entity } = await execute({
        load: (conflict) => store.logWorkState(actor.principal.tenantId, input, Boolean(conflict)),
        decide: (state) => logWork(input, state, actor),
        save: (d) => store.saveEntry(d, actor),
        cancelled,
      });
      return { entry: toProtoEntry(entity) };
    }),

    listWorkLogs: rpc('worklog.read', async (req, { actor }) => {
      const { items, nextPageToken } = await store.listEntries(actor.principal.tenantId, planListWorkLogs(req, actor));
      return { entries: items.map(toProtoEntry), nextPageToken };
    }),
  });
}
