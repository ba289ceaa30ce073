import {
  addDays,
  check,
  coversOfficial,
  type Decision,
  DomainError,
  NotFoundError,
  PermissionDeniedError,
  todayInVietnam,
  toPage,
  unchanged,
} from '@thuocdo/kit';
import { worklogV1 } from '@thuocdo/proto';
import { bindService, errorDetailOf, execute, rpc } from '@thuocdo/service';
import { checkSameVersion, type DiarySettings, isClosedOn, parseDiarySettings, parseMonth } from '../domain/diary-settings';
import { expectedDays, missedDeclarations, planMissedDeclarations } from '../domain/missed';
import { minutesFor, revisionOn } from '../domain/work-item-ref';
import {
  type DiaryContext,
  dayKey,
  dayTotalOf,
  deleteWorkLog,
  isLate,
  type LogWorkRules,
  logWork,
  logWorkBatch,
  parseBatch,
  parseLogWork,
  parseReview,
  parseUpdateWorkLog,
  planListWorkLogs,
  type ReviewOutcome,
  reviewWorkLog,
  updateWorkLog,
  type WorkLogEntry,
  warningsFor,
} from '../domain/work-log';
import {
  type CalendarYear,
  calendarYear,
  exceptionOn,
  isWorkingDay,
  parseCalendarDays,
  workingDaysBetween,
} from '../domain/working-calendar';
import type { SettingsStore } from '../store/settings-store';
import type { WorkItemRefs } from '../store/work-item-refs';
import type { WorklogStore } from '../store/worklog-store';
import {
  decisionName,
  fromLogWorkRequest,
  fromProtoCalendarDay,
  fromProtoSettings,
  fromUpdateWorkLogRequest,
  statusName,
  toProtoCalendar,
  toProtoEntry,
  toProtoOutcome,
  toProtoSettings,
} from './mapping';

export interface WorklogDeps {
  store: WorklogStore;
  settings: SettingsStore;
  workItems: WorkItemRefs;
  rules: LogWorkRules;
}

const outcomeOf = (entry: WorkLogEntry, total: number, context: DiaryContext) => toProtoOutcome(total, warningsFor(entry, total, context));

/** WorklogService: protobuf in, domain decisions, the stores, protobuf out. */
export function worklogService({ store, settings, workItems, rules }: WorklogDeps) {
  return bindService('thuocdo.worklog.v1.WorklogService', worklogV1.WorklogServiceService, {
    // The hot path: rules, calendar and work item come from short-lived caches, and the write is
    // one statement that guards what the caches cannot (see WorklogStore.saveEntry). The day is
    // read only when that statement refused the write, to say why.
    logWork: rpc('worklog.write', async (req, { actor, cancelled }) => {
      const tenantId = actor.principal.tenantId;
      const input = parseLogWork(fromLogWorkRequest(req), rules, actor.now);
      let context = await settings.contextOf(tenantId, actor.now, [input.workDate]);
      let total = 0;
      const decision = await execute({
        load: async (conflict) => {
          if (conflict) context = await settings.contextOf(tenantId, actor.now, [input.workDate], true);
          const [revisions, tasks, sameRequest, day] = await Promise.all([
            workItems.revisionsOf(tenantId, input.workItemId),
            input.taskId ? store.tasks(tenantId, [input.taskId]) : undefined,
            conflict && input.requestId ? store.entryByRequestId(tenantId, input.requestId) : undefined,
            conflict ? store.day(tenantId, input.officialId, input.workDate) : undefined,
          ]);
          return { context, revisions, task: tasks ? (tasks.get(input.taskId!) ?? null) : undefined, sameRequest, day };
        },
        decide: (state) => logWork(input, state, actor),
        save: async (d) => {
          total = await store.saveEntry(d, actor, context.settings.hardLimitMinutes);
        },
        cancelled,
      });
      if (decision.unchanged) total = (await store.dayTotal(tenantId, decision.entity.officialId, decision.entity.workDate)).total;
      return { entry: toProtoEntry(decision.entity), outcome: outcomeOf(decision.entity, total, context) };
    }),

    logWorkBatch: rpc('worklog.write', async (req, { actor, cancelled }) => {
      const tenantId = actor.principal.tenantId;
      const parsed = parseBatch(req.entries.map(fromLogWorkRequest), rules, actor.now);
      const ok = parsed.flatMap((p) => ('entry' in p ? [p.entry] : []));
      let context = await settings.contextOf(
        tenantId,
        actor.now,
        ok.map((w) => w.workDate),
      );
      let totals = new Map<string, number>();
      let state: Parameters<typeof logWorkBatch>[1] | undefined;
      let items: ReturnType<typeof logWorkBatch> = [];
      await execute({
        load: async (conflict) => {
          if (conflict)
            context = await settings.contextOf(
              tenantId,
              actor.now,
              ok.map((w) => w.workDate),
              true,
            );
          const [revisions, tasks, sameRequests, days] = await Promise.all([
            workItems.revisionsOfMany(
              tenantId,
              ok.map((w) => w.workItemId),
            ),
            store.tasks(tenantId, [...new Set(ok.flatMap((w) => (w.taskId ? [w.taskId] : [])))]),
            store.entriesByRequestIds(tenantId, [...new Set(ok.flatMap((w) => (w.requestId ? [w.requestId] : [])))]),
            store.days(tenantId, uniqueDays(ok)),
          ]);
          state = { context, revisions, tasks, sameRequests, days };
          return state;
        },
        decide: (s) => {
          items = logWorkBatch(parsed, s, actor, req.allOrNothing);
          const fresh = items.flatMap((x) => ('decision' in x && !x.decision.unchanged ? [x.decision] : []));
          return fresh.length ? { entity: fresh, events: [] } : unchanged(fresh);
        },
        save: async (d) => {
          totals = await store.saveEntries(tenantId, d.entity, actor, context.settings.hardLimitMinutes);
        },
        cancelled,
      });
      let written = 0;
      const results = items.map((x, index): worklogV1.LogWorkResult => {
        if ('error' in x) return { index, entry: undefined, outcome: undefined, error: errorDetailOf(x.error) };
        const e = x.decision.entity;
        if (!x.decision.unchanged) written++;
        const key = dayKey(e.officialId, e.workDate);
        const total = totals.get(key) ?? dayTotalOf(state?.days.get(key));
        return { index, entry: toProtoEntry(e), outcome: outcomeOf(e, total, context), error: undefined };
      });
      return { results, written, failed: results.filter((r) => r.error).length };
    }),

    getWorkLog: rpc('worklog.read', async (req, { actor }) => {
      const id = check.id('id', req.id);
      const e = await store.entryById(actor.principal.tenantId, id);
      if (!e || !coversOfficial(actor.scope, actor.directory, e.officialId, e.workDate))
        throw new NotFoundError({ vi: 'Không tìm thấy kê khai', en: 'No such entry' }, 'id');
      return { entry: toProtoEntry(e) };
    }),

    updateWorkLog: rpc('worklog.write', async (req, { actor, cancelled }) => {
      const tenantId = actor.principal.tenantId;
      const u = parseUpdateWorkLog(fromUpdateWorkLogRequest(req), rules, actor.now);
      let context = await settings.contextOf(tenantId, actor.now, [u.fields.workDate]);
      const decision = await execute({
        load: async (conflict) => {
          if (conflict) context = await settings.contextOf(tenantId, actor.now, [u.fields.workDate], true);
          const entry = await store.entryById(tenantId, u.id);
          const [revisions, tasks, day] = await Promise.all([
            workItems.revisionsOf(tenantId, u.fields.workItemId),
            u.fields.taskId ? store.tasks(tenantId, [u.fields.taskId]) : undefined,
            entry ? store.day(tenantId, entry.officialId, u.fields.workDate) : { entries: [] },
          ]);
          return { context, entry, revisions, task: tasks ? (tasks.get(u.fields.taskId!) ?? null) : undefined, day };
        },
        decide: (s) => updateWorkLog(u, s, actor),
        save: (d) => store.saveChanges(tenantId, [d], actor, context.settings.hardLimitMinutes),
        cancelled,
      });
      const e = decision.entity;
      const { total } = await store.dayTotal(tenantId, e.officialId, e.workDate);
      return { entry: toProtoEntry(e), outcome: outcomeOf(e, total, context) };
    }),

    deleteWorkLog: rpc('worklog.write', async (req, { actor, cancelled }) => {
      const tenantId = actor.principal.tenantId;
      const id = check.id('id', req.id);
      let context = await settings.contextOf(tenantId, actor.now, []);
      const decision = await execute({
        load: async (conflict) => {
          if (conflict) context = await settings.contextOf(tenantId, actor.now, [], true);
          return { context, entry: await store.entryById(tenantId, id) };
        },
        decide: (s) => deleteWorkLog(Number(req.version), s, actor),
        save: (d) => store.saveChanges(tenantId, [d], actor, context.settings.hardLimitMinutes),
        cancelled,
      });
      return { entry: toProtoEntry(decision.entity) };
    }),

    // Reviews decide entry by entry; the changes are written together, each only from the
    // version read: a lost race reads them all again (two managers approving together: one
    // approval, the other answered as a repeat).
    reviewWorkLogs: rpc('worklog.review', async (req, { actor, cancelled }) => {
      const tenantId = actor.principal.tenantId;
      const r = parseReview({
        entries: req.entries.map((e) => ({ id: e.id, version: Number(e.version) })),
        decision: decisionName(req.decision),
        comment: req.comment,
      });
      let context = await settings.contextOf(tenantId, actor.now, []);
      let outcomes: ReviewOutcome[] = [];
      await execute({
        load: async (conflict) => {
          if (conflict) context = await settings.contextOf(tenantId, actor.now, [], true);
          return store.entriesByIds(
            tenantId,
            r.entries.map((e) => e.id),
          );
        },
        decide: (entries) => {
          outcomes = r.entries.map((wanted) => {
            try {
              return { id: wanted.id, decision: reviewWorkLog(r, wanted, entries.get(wanted.id), context, actor) };
            } catch (error) {
              if (error instanceof DomainError) return { id: wanted.id, error };
              throw error;
            }
          });
          const changed = outcomes.flatMap((o) => ('decision' in o && !o.decision.unchanged ? [o.decision] : []));
          return changed.length ? { entity: changed, events: [] } : unchanged(changed);
        },
        save: (d) => store.saveChanges(tenantId, d.entity, actor, context.settings.hardLimitMinutes),
        cancelled,
      });
      const results = outcomes.map((o) =>
        'error' in o
          ? { id: o.id, entry: undefined, error: errorDetailOf(o.error) }
          : { id: o.id, entry: toProtoEntry(o.decision.entity), error: undefined },
      );
      const failed = results.filter((x) => x.error).length;
      return { results, reviewed: results.length - failed, failed };
    }),

    listWorkLogs: rpc('worklog.read', async (req, { actor }) => {
      const q = planListWorkLogs({ ...req, statuses: req.statuses.map(statusName) }, actor);
      const { items, nextPageToken } = await store.listEntries(actor.principal.tenantId, q);
      return { entries: items.map(toProtoEntry), nextPageToken };
    }),

    getDiaryDay: rpc('worklog.read', async (req, { actor }) => {
      const officialId = check.id('official_id', req.officialId);
      const date = check.date('date', req.date);
      if (!coversOfficial(actor.scope, actor.directory, officialId, date)) throw new PermissionDeniedError();
      const tenantId = actor.principal.tenantId;
      const [context, day] = await Promise.all([
        settings.contextOf(tenantId, actor.now, [date]),
        store.dayTotal(tenantId, officialId, date),
      ]);
      return {
        officialId,
        date,
        totalMinutes: day.total,
        entryCount: day.count,
        standardMinutes: context.settings.standardDayMinutes,
        hardLimitMinutes: context.settings.hardLimitMinutes,
        workingDay: isWorkingDay(context.calendars, date),
        dayName: exceptionOn(context.calendars, date)?.name ?? '',
        late: isLate(context, date),
        closed: isClosedOn(context.settings, date),
      };
    }),

    suggestWorkItems: rpc('worklog.read', async (req, { actor }) => {
      const officialId = check.id('official_id', req.officialId);
      const today = todayInVietnam(actor.now);
      if (!coversOfficial(actor.scope, actor.directory, officialId, today)) throw new PermissionDeniedError();
      const limit = req.limit === 0 ? 12 : check.intRange('limit', req.limit, 1, 50);
      const tenantId = actor.principal.tenantId;
      const { tasks, recent } = await store.suggestions(tenantId, officialId, addDays(today, -30), limit);
      const revisions = await workItems.revisionsOfMany(tenantId, [...tasks.map((t) => t.workItemId), ...recent.map((r) => r.workItemId)]);
      const items: worklogV1.SuggestedWorkItem[] = [];
      const seen = new Set<string>();
      const uses = new Map(recent.map((r) => [r.workItemId, r.uses]));
      for (const s of [...tasks.map((t) => ({ ...t, uses: uses.get(t.workItemId) ?? 0 })), ...recent.map((r) => ({ ...r, taskId: '' }))]) {
        const rev = revisionOn(revisions.get(s.workItemId) ?? [], today);
        if (!rev || seen.has(s.workItemId) || items.length >= limit) continue;
        seen.add(s.workItemId);
        const perProduct = minutesFor(rev, 100);
        items.push({
          workItemId: rev.workItemId,
          code: rev.code,
          name: rev.name,
          productUnit: rev.productUnit,
          standardMinutes: rev.standardMinutes,
          taskId: s.taskId,
          recentUses: s.uses,
          minMinutesPerProduct: perProduct.min,
          maxMinutesPerProduct: perProduct.max,
        });
      }
      return { items };
    }),

    listMissedDeclarations: rpc('worklog.missed.read', async (req, { actor }) => {
      const tenantId = actor.principal.tenantId;
      const q = planMissedDeclarations(req, actor);
      const calendars = await settings.calendars(tenantId, [Number(q.fromDate.slice(0, 4)), Number(q.toDate.slice(0, 4))]);
      const expected = expectedDays(q, calendars, actor);
      const logged = await store.loggedDays(
        tenantId,
        expected.map((e) => e.officialId),
        q.fromDate,
        q.toDate,
      );
      const { missed, complete } = missedDeclarations(expected, logged);
      const after = q.page.after;
      const rest = after === null ? missed : missed.filter((m) => m.officialId > after);
      const filters = { unitId: q.unitId, fromDate: q.fromDate, toDate: q.toDate };
      const page = toPage(rest.slice(0, q.page.size + 1), q.page, filters, (m) => m.officialId);
      return { officials: page.items, nextPageToken: page.nextPageToken, completeCount: complete };
    }),

    getWorkingCalendar: rpc('worklog.settings.read', async (req, { actor }) => {
      const year = check.intRange('year', req.year, 2000, 2100);
      const c = calendarYear(year, await settings.calendarOf(actor.principal.tenantId, year));
      return toProtoCalendar(c, workingDaysBetween(new Map([[year, c]]), `${year}-01-01`, `${year}-12-31`).length);
    }),

    // Settings, calendars and closed months are written from what was just read (not from the
    // cache): two HR officers saving together lose no edit, and the one who lost the race is
    // told to reload (or, closing a month someone just closed, answered as if they had).
    updateWorkingCalendar: rpc('worklog.settings.manage', async (req, { actor, cancelled }) => {
      if (!actor.scope.tenant) throw new PermissionDeniedError();
      const tenantId = actor.principal.tenantId;
      const year = check.intRange('year', req.year, 2000, 2100);
      const days = parseCalendarDays(year, req.days.map(fromProtoCalendarDay));
      const {
        entity: { after },
      } = await execute<CalendarYear, Decision<{ before: CalendarYear; after: CalendarYear }, never>>({
        load: async () => calendarYear(year, await settings.calendarOf(tenantId, year, true)),
        decide: (before) => {
          checkSameVersion(before.version, Number(req.version));
          return { entity: { before, after: { year, days, version: before.version + 1, customised: true } }, events: [] };
        },
        save: (d) => settings.saveCalendar(tenantId, d.entity.after, d.entity.before, actor),
        cancelled,
      });
      return {
        calendar: toProtoCalendar(after, workingDaysBetween(new Map([[year, after]]), `${year}-01-01`, `${year}-12-31`).length),
      };
    }),

    getDiarySettings: rpc('worklog.settings.read', async (_req, { actor }) => ({
      settings: toProtoSettings(await settings.settingsOf(actor.principal.tenantId)),
    })),

    updateDiarySettings: rpc('worklog.settings.manage', async (req, { actor, cancelled }) => {
      if (!actor.scope.tenant) throw new PermissionDeniedError();
      const tenantId = actor.principal.tenantId;
      const fields = parseDiarySettings(fromProtoSettings(req.settings));
      await execute<DiarySettings, Decision<DiarySettings, never>>({
        load: async () => (await settings.contextOf(tenantId, actor.now, [], true)).settings,
        decide: (before) => {
          checkSameVersion(before.version, Number(req.settings?.version ?? 0));
          return { entity: before, events: [] };
        },
        save: (d) => settings.saveSettings(tenantId, fields, d.entity, actor),
        cancelled,
      });
      return { settings: toProtoSettings(await settings.settingsOf(tenantId)) };
    }),

    setDiaryMonthClosed: rpc('worklog.settings.manage', async (req, { actor, cancelled }) => {
      if (!actor.scope.tenant) throw new PermissionDeniedError();
      const tenantId = actor.principal.tenantId;
      const month = parseMonth('month', req.month);
      await execute<DiarySettings, Decision<DiarySettings, never>>({
        load: async () => (await settings.contextOf(tenantId, actor.now, [], true)).settings,
        decide: (before) => (before.closedMonths.includes(month) === req.closed ? unchanged(before) : { entity: before, events: [] }),
        save: () => settings.setMonthClosed(tenantId, month, req.closed, actor),
        cancelled,
      });
      return { settings: toProtoSettings(await settings.settingsOf(tenantId)) };
    }),
  });
}

const uniqueDays = (entries: { officialId: string; workDate: string }[]) => {
  const seen = new Map<string, { officialId: string; date: string }>();
  for (const e of entries) seen.set(dayKey(e.officialId, e.workDate), { officialId: e.officialId, date: e.workDate });
  return [...seen.values()];
};
