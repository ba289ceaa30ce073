import { type OutboxRecord, writeOutbox } from '@thuocdo/db';
import {
  type Actor,
  type DirectoryView,
  DomainError,
  FailedPreconditionError,
  NotFoundError,
  readPage,
  todayInVietnam,
  toPage,
  ValidationError,
  WriteConflict,
} from '@thuocdo/kit';
import { orgV1, scoringV1 } from '@thuocdo/proto';
import { bindService, enumName, execute, rpc } from '@thuocdo/service';
import { writeWorkbook, XLSX_TYPE } from '@thuocdo/sheets';
import { type Assessment, parseAssessment, recordAssessment } from '../domain/assessment';
import {
  type ConsolidationRequest,
  checkConsolidationReader,
  checkOverrider,
  consolidate,
  parseConsolidationRequest,
  parseOverride,
  type StoredOverride,
} from '../domain/consolidation';
import { defineCustomPack, packCatalog } from '../domain/custom-pack';
import {
  checkAllScorable,
  checkScoreReader,
  evaluateAll,
  evaluateOfficial,
  type OfficialInPeriod,
  packForOfficial,
  parseScoreRequest,
  type ScoreRequest,
  scoreDate,
  scoreNotFound,
  unitSubtree,
} from '../domain/evaluate';
import { checkResultUnconsolidated } from '../domain/evaluation';
import { choosePack, chosenPacks, parsePackChoice } from '../domain/pack-choice';
import { SHIPPED_PACKS } from '../domain/packs';
import { type Period, parsePeriod } from '../domain/period';
import { checkOpen, closePeriod, type PeriodRecord, parsePeriodChange, reopenPeriod } from '../domain/period-state';
import type { DiaryFact, TaskFact } from '../domain/products';
import { parseSettingsUpdate, type ScoringSettings, settingsOrDefault, updateSettings } from '../domain/settings';
import { type UnitKpiRecord, type UnitKpiSet, unitKpiLinks } from '../domain/unit-kpi';
import type { AgencyResults } from '../events/result-events';
import { type AssessmentStore, fingerprintOf, PERIOD_LOCK, periodInputsFingerprint } from '../store/assessment-store';
import type { CustomPackStore } from '../store/custom-pack-store';
import type { EvaluationStore } from '../store/evaluation-store';
import type { FactStore } from '../store/fact-store';
import type { PackChoiceStore } from '../store/pack-choice-store';
import type { PeriodStore, StoredResult } from '../store/period-store';
import type { SettingsStore } from '../store/settings-store';
import type { UnitKpiStore } from '../store/unit-kpi-store';
import { annualHandlers } from './annual-handlers';
import { evaluationHandlers } from './evaluation-handlers';
import {
  fromProtoRulePack,
  resultSheetRows,
  toProtoChoice,
  toProtoPeriod,
  toProtoQuotaGroup,
  toProtoResult,
  toProtoRulePack,
  toProtoScore,
  toProtoSettings,
} from './mapping';
import { unitKpiHandlers } from './unit-kpi-handlers';

/**
 * Every official's result of a tenant's period, as closing stores it: everyone with a main post
 * on the period's last day (or today while it runs), from the facts, posts and assessments
 * scoring keeps (exported for the benchmark, which closes a province-month). The facts are read
 * at once; the results come agency by agency (a leader's staff are always of the leader's
 * agency), so that the store writes one agency while the next is worked out.
 */
export async function scoreTenant(
  stores: {
    facts: FactStore;
    assessments: AssessmentStore;
    choices: PackChoiceStore;
    unitKpis: UnitKpiStore;
    customPacks?: CustomPackStore;
  },
  directory: DirectoryView,
  now: Date,
  tenantId: string,
  period: Period,
): Promise<{ count: number; byAgency: AsyncIterable<StoredResult[]>; assessed: string }> {
  const { facts, assessments } = stores;
  const date = scoreDate(period, todayInVietnam(now));
  const [posts, categories, periodFacts, assessed, chosen, unitKpis] = await Promise.all([
    facts.mainPosts(tenantId, date, 'all'),
    facts.categories(tenantId, 'all'),
    facts.tenantPeriodFacts(tenantId, period.from, period.to),
    assessments.assessments(tenantId, period.key, 'all'),
    Promise.all([stores.choices.choices(tenantId, period.year), catalogOf(stores, tenantId)]).then(([c, packs]) =>
      chosenPacks(c, packs.all),
    ),
    unitKpisOf(stores.unitKpis, tenantId, period),
  ]);
  checkAllScorable(posts, categories, period.year, chosen);
  // Posts and facts by agency, once: each agency is then scored from its own.
  const agencyOf = new Map(posts.map((p) => [p.officialId, p.agencyId]));
  const unitOf = new Map(posts.map((p) => [p.officialId, p.unitId]));
  const byAgency = new Map<string, { posts: typeof posts; tasks: TaskFact[]; diary: DiaryFact[] }>();
  const of = (agencyId: string | undefined) => {
    if (agencyId === undefined) return undefined;
    const known = byAgency.get(agencyId);
    if (known) return known;
    const a = { posts: [] as typeof posts, tasks: [] as TaskFact[], diary: [] as DiaryFact[] };
    byAgency.set(agencyId, a);
    return a;
  };
  for (const p of posts) of(p.agencyId)!.posts.push(p);
  for (const t of periodFacts.tasks) of(agencyOf.get(t.leadAssigneeId))?.tasks.push(t);
  for (const d of periodFacts.diary) of(agencyOf.get(d.officialId))?.diary.push(d);
  async function* results(): AsyncIterable<StoredResult[]> {
    for (const agency of byAgency.values()) {
      const scores = evaluateAll({
        request: { period },
        date,
        posts: agency.posts,
        categories,
        facts: agency,
        assessments: assessed,
        chosen,
        directory,
        unitKpis: unitKpis.links,
      });
      yield [...scores.values()].map((s) => ({
        officialId: s.officialId,
        agencyId: s.agencyId,
        unitId: unitOf.get(s.officialId)!,
        dutyGroup: s.dutyGroup,
        packCode: s.pack.code,
        packVersion: s.pack.version,
        generalPoints: s.generalPoints,
        taskPoints: s.taskPoints,
        total: s.total,
        qualityBp: s.sums.assigned ? Math.floor(s.sums.qualityBp / s.sums.assigned) : 0,
        timelinessBp: s.sums.assigned ? Math.floor(s.sums.timelinessBp / s.sums.assigned) : 0,
        grade: s.grade,
        role: s.role,
        sums: s.sums,
        disqualifiers: assessed.get(s.officialId)?.disqualifiers ?? [],
        score: toProtoScore(s, period.key, false, now, assessed.get(s.officialId)),
      }));
    }
  }
  return { count: posts.length, byAgency: results(), assessed: fingerprintOf(assessed, unitKpis.records) };
}

/** Units' KPI results of a period as their leaders take them, and the values recorded they come from. */
async function unitKpisOf(store: UnitKpiStore, tenantId: string, period: Period) {
  const [sets, records] = await Promise.all([store.sets(tenantId, period.year), store.records(tenantId, period.key, 'all')]);
  return { links: unitKpiLinks(sets, records, period.key), records };
}

/** The tenant's packs: those shipped and those it saved (none without the store: the benchmark). */
const catalogOf = async (stores: { customPacks?: CustomPackStore }, tenantId: string) =>
  packCatalog(SHIPPED_PACKS, stores.customPacks ? await stores.customPacks.packs(tenantId) : []);

/**
 * Writes a closed period with its results, and publishes each agency's list with the quota
 * applied in the same transaction (exported for the benchmark, which closes a province-month).
 */
export async function saveClosed(
  stores: { periods: PeriodStore; facts: FactStore; customPacks?: CustomPackStore },
  agencyResultsEvent: (r: AgencyResults) => OutboxRecord,
  next: PeriodRecord,
  before: PeriodRecord,
  actor: Actor,
  results: { byAgency: AsyncIterable<StoredResult[]>; assessed: string },
): Promise<void> {
  const [names, packs] = await Promise.all([stores.facts.names(next.tenantId, 'all'), catalogOf(stores, next.tenantId)]);
  const events: OutboxRecord[] = [];
  const published = tap(results.byAgency, (batch) => {
    const rows = batch.map((r) => ({
      ...r,
      fullName: names.get(r.officialId)?.fullName ?? '',
      staffCode: names.get(r.officialId)?.staffCode ?? '',
    }));
    const { rows: ranked, groups } = consolidate(rows, [], packs.find);
    if (batch.length)
      events.push(
        agencyResultsEvent({
          tenantId: next.tenantId,
          period: next.period,
          agencyId: batch[0].agencyId,
          closed: true,
          rows: ranked,
          groups,
          at: actor.now,
        }),
      );
  });
  await stores.periods.save(next, before, actor, published, async (c) => {
    // Nothing recorded since it was read (assessments and unit KPI values share this lock): a
    // lost race is worked out again (execute reloads).
    await c.query(`SELECT pg_advisory_xact_lock(${PERIOD_LOCK})`, [next.tenantId, next.period]);
    if ((await periodInputsFingerprint(c, next.tenantId, next.period)) !== results.assessed) throw new WriteConflict('assessment');
    await writeOutbox(c, events);
  });
}

/** The batches as they pass, each seen by `see` on its way. */
async function* tap<T>(source: AsyncIterable<T>, see: (x: T) => void): AsyncIterable<T> {
  for await (const x of source) {
    see(x);
    yield x;
  }
}

/** What ScoringService works with: its stores, how it publishes results, the tenant's closing day. */
export interface ScoringDeps {
  facts: FactStore;
  assessments: AssessmentStore;
  periods: PeriodStore;
  choices: PackChoiceStore;
  customPacks: CustomPackStore;
  evaluations: EvaluationStore;
  unitKpis: UnitKpiStore;
  /** The outbox row of a unit's KPI result after a recording (events/unit-kpi-events.ts). */
  unitKpiResultEvent: (set: UnitKpiSet, record: UnitKpiRecord) => OutboxRecord;
  /** The outbox row of an agency's results (events/result-events.ts). */
  agencyResultsEvent: (r: AgencyResults) => OutboxRecord;
  settings: SettingsStore;
  /** The day of the month after a period by which it closes (0: its last day), for tenants that set none. */
  defaultClosingDay: number;
}

/** A tenant's scoring settings: its own, or the deployment's default. */
export async function tenantSettings(d: Pick<ScoringDeps, 'settings' | 'defaultClosingDay'>, tenantId: string): Promise<ScoringSettings> {
  return settingsOrDefault(await d.settings.settings(tenantId), tenantId, d.defaultClosingDay);
}

/**
 * Closes a tenant's period: every official posted scored and stored, frozen, each agency's list
 * published; refused before the work when it cannot close. The RPC and the deadline's schedule
 * both close this way.
 */
export async function closeTenantPeriod(
  d: Pick<ScoringDeps, 'facts' | 'assessments' | 'periods' | 'choices' | 'customPacks' | 'unitKpis' | 'agencyResultsEvent'>,
  actor: Actor,
  change: ReturnType<typeof parsePeriodChange>,
  cancelled?: () => boolean,
): Promise<PeriodRecord> {
  const tenantId = actor.principal.tenantId;
  let results: Awaited<ReturnType<typeof scoreTenant>> | undefined;
  const { entity } = await execute({
    load: async () => {
      const current = await d.periods.period(tenantId, change.period.key);
      closePeriod(change, current, actor, 0);
      results = await scoreTenant(d, actor.directory, actor.now, tenantId, change.period);
      return current;
    },
    decide: (current) => ({ entity: closePeriod(change, current, actor, results!.count), events: [], before: current, unchanged: false }),
    save: (x) => saveClosed(d, d.agencyResultsEvent, x.entity, x.before, actor, results!),
    cancelled,
  });
  return entity;
}

/** ScoringService: protobuf in, the engine over the facts scoring keeps, protobuf out. */
export function scoringService(deps: ScoringDeps) {
  const { facts, assessments, periods, choices, customPacks, evaluations, unitKpis, settings, agencyResultsEvent } = deps;
  /** A period as answered, its deadline by the tenant's closing day. */
  const answerPeriod = async (p: PeriodRecord, actor: Actor) =>
    toProtoPeriod(p, actor.today, (await tenantSettings(deps, actor.principal.tenantId)).closingDay);
  const packsOf = (tenantId: string) => catalogOf(deps, tenantId);
  /** The packs the tenant chose for a year, by category. */
  const chosenFor = async (tenantId: string, year: number) =>
    chosenPacks(await choices.choices(tenantId, year), (await packsOf(tenantId)).all);

  /** The day a request is judged on, refusing periods that have not started. */
  const dayOf = (request: ScoreRequest, actor: Actor) => {
    const today = todayInVietnam(actor.now);
    if (request.period.from > today)
      throw new ValidationError('period', { vi: 'Kỳ đánh giá chưa bắt đầu', en: 'the period has not started yet' });
    return { today, date: scoreDate(request.period, today) };
  };

  /** The official's main post on the day, or NOT_FOUND. */
  const postOf = async (actor: Actor, officialId: string, date: string) => {
    const [own] = await facts.mainPosts(actor.principal.tenantId, date, { officialIds: [officialId] });
    if (!own) throw scoreNotFound();
    return own;
  };

  /** The official's main post on the day, the pack that scores them and their role. */
  const officialOf = async (actor: Actor, officialId: string, period: Period, date: string): Promise<OfficialInPeriod> => {
    const tenantId = actor.principal.tenantId;
    const [post, categories, chosen] = await Promise.all([
      postOf(actor, officialId, date),
      facts.categories(tenantId, [officialId]),
      chosenFor(tenantId, period.year),
    ]);
    const pack = packForOfficial(categories.get(officialId), period.year, SHIPPED_PACKS, chosen);
    return { post, pack, role: post.leadership ? 'MANAGER' : 'NON_MANAGER' };
  };

  /** The official's score as the facts and assessments stand now (a leader with the staff below them). */
  async function scoreNow(actor: Actor, request: ScoreRequest) {
    const tenantId = actor.principal.tenantId;
    const { today, date } = dayOf(request, actor);
    const own = await postOf(actor, request.officialId, date);
    const posts = own.leadership
      ? await facts.mainPosts(tenantId, date, { unitIds: unitSubtree(actor.directory, own.unitId, date), officialIds: [own.officialId] })
      : [own];
    const ids = posts.map((p) => p.officialId);
    const [categories, periodFacts, assessed, chosen, kpis] = await Promise.all([
      facts.categories(tenantId, ids),
      facts.periodFacts(tenantId, ids, request.period.from, request.period.to),
      assessments.assessments(tenantId, request.period.key, ids),
      chosenFor(tenantId, request.period.year),
      own.leadership ? unitKpisOf(unitKpis, tenantId, request.period) : undefined,
    ]);
    const score = evaluateOfficial({
      request,
      date,
      posts,
      categories,
      facts: periodFacts,
      assessments: assessed,
      chosen,
      directory: actor.directory,
      unitKpis: kpis?.links,
    });
    return toProtoScore(score, request.period.key, today <= request.period.to, actor.now, assessed.get(request.officialId));
  }

  /** The score as GetOfficialScore answers it: what a closed period froze, or worked out now. */
  async function scoreOf(actor: Actor, request: ScoreRequest): Promise<scoringV1.OfficialScore> {
    const tenantId = actor.principal.tenantId;
    if ((await periods.period(tenantId, request.period.key)).status === 'CLOSED') {
      const stored = await periods.result(tenantId, request.period.key, request.officialId);
      if (!stored) throw scoreNotFound();
      return stored;
    }
    return scoreNow(actor, request);
  }

  /** An agency's closed period with the quota applied, for those who may read it. */
  async function consolidated(actor: Actor, r: ConsolidationRequest) {
    const tenantId = actor.principal.tenantId;
    const [period, rows, overrides] = await Promise.all([
      periods.period(tenantId, r.period.key),
      periods.agencyResults(tenantId, r.period.key, r.agencyId),
      periods.overrides(tenantId, r.period.key),
    ]);
    checkConsolidationReader(actor, r.agencyId, period);
    return consolidate(rows, overrides, (await packsOf(tenantId)).find);
  }

  return bindService('thuocdo.scoring.v1.ScoringService', scoringV1.ScoringServiceService, {
    ...annualHandlers(periods, packsOf),
    ...unitKpiHandlers(unitKpis, periods, deps.unitKpiResultEvent, dayOf),
    ...evaluationHandlers({ facts, assessments, periods, evaluations, officialOf, dayOf, scoreOf, packsOf }),

    listRulePacks: rpc('scoring.rules.read', async (_, { actor }) => {
      // Those shipped, and the newest version of each of the tenant's own.
      const own = await customPacks.packs(actor.principal.tenantId);
      const newest = own.filter((p) => !own.some((o) => o.code === p.code && o.version > p.version));
      return { packs: [...SHIPPED_PACKS, ...newest].map(toProtoRulePack) };
    }),

    saveRulePack: rpc('scoring.rules.manage', async (req, { actor }) => {
      if (!req.pack) throw new ValidationError('pack', { vi: 'Cần bộ quy tắc', en: 'pack is required' });
      let input: ReturnType<typeof fromProtoRulePack>;
      try {
        input = fromProtoRulePack(req.pack);
      } catch (err) {
        if (err instanceof ValidationError) throw new ValidationError(`pack.${err.field}`, err.text);
        throw err;
      }
      const tenantId = actor.principal.tenantId;
      const pack = defineCustomPack(input, SHIPPED_PACKS, await customPacks.packs(tenantId), actor);
      await customPacks.save(tenantId, pack, actor);
      return { pack: toProtoRulePack(pack) };
    }),

    getRulePack: rpc('scoring.rules.read', async (req, { actor }) => {
      const code = req.code.trim();
      if (!code) throw new ValidationError('code', { vi: 'Trường code là bắt buộc', en: 'code is required' });
      const pack = (await packsOf(actor.principal.tenantId)).all
        .filter((p) => p.code === code && (req.version === 0 || p.version === req.version))
        .sort((a, b) => b.version - a.version)[0];
      if (!pack) throw new NotFoundError({ vi: 'Không tìm thấy bộ quy tắc chấm điểm', en: 'Rule pack not found' }, 'code');
      return { pack: toProtoRulePack(pack) };
    }),

    chooseRulePack: rpc('scoring.rules.manage', async (req, { actor }) => {
      const input = parsePackChoice({ ...req, category: enumName(req.category, orgV1.officialCategoryToJSON, 'OFFICIAL_CATEGORY_') });
      const choice = choosePack(input, (await packsOf(actor.principal.tenantId)).all, actor);
      const before = (await choices.choices(choice.tenantId, choice.year)).find((c) => c.category === choice.category);
      await choices.save(choice, before, actor);
      return { choice: toProtoChoice(choice) };
    }),

    listRulePackChoices: rpc('scoring.rules.read', async (req, { actor }) => {
      if (!Number.isInteger(req.year) || req.year < 2000 || req.year > 2100)
        throw new ValidationError('year', { vi: 'Năm phải từ 2000 đến 2100', en: 'year must be 2000 to 2100' });
      return { choices: (await choices.choices(actor.principal.tenantId, req.year)).map(toProtoChoice) };
    }),

    getOfficialScore: rpc('score.read', async (req, { actor }) => {
      const request = parseScoreRequest(req);
      checkScoreReader(actor, request.officialId, dayOf(request, actor).date);
      return { score: await scoreOf(actor, request) };
    }),

    getPeriod: rpc('scoring.period.read', async (req, { actor }) => {
      const period = parsePeriod(req.period);
      return { period: await answerPeriod(await periods.period(actor.principal.tenantId, period.key), actor) };
    }),

    closePeriod: rpc('scoring.period.manage', async (req, { actor, cancelled }) => {
      const entity = await closeTenantPeriod(deps, actor, parsePeriodChange(req), cancelled);
      return { period: await answerPeriod(entity, actor) };
    }),

    listPeriodResults: rpc('scoring.results.read', async (req, { actor }) => {
      const r = parseConsolidationRequest(req);
      const filters = { period: r.period.key, agencyId: r.agencyId };
      const page = readPage(req, filters, (c): c is number => Number.isInteger(c) && (c as number) >= 0);
      const { rows, groups } = await consolidated(actor, r);
      const after = page.after ?? 0;
      const { items, nextPageToken } = toPage(rows.filter((x) => x.rank > after).slice(0, page.size + 1), page, filters, (x) => x.rank);
      return { results: items.map(toProtoResult), groups: groups.map(toProtoQuotaGroup), nextPageToken };
    }),

    exportPeriodResults: rpc('scoring.results.read', async (req, { actor }) => {
      const r = parseConsolidationRequest(req);
      const { rows } = await consolidated(actor, r);
      const code = actor.directory.agency(r.agencyId)?.code || r.agencyId.slice(0, 8);
      const content = await writeWorkbook([
        { name: `Kết quả ${r.period.key}`, rows: resultSheetRows(rows), widths: [6, 28, 14, 20, 12, 12, 10, 28, 28, 40] },
      ]);
      return { file: { name: `ket-qua-danh-gia-${code}-${r.period.key}.xlsx`, contentType: XLSX_TYPE, content } };
    }),

    setQuotaOverride: rpc('scoring.quota.manage', async (req, { actor }) => {
      const input = parseOverride(req);
      const tenantId = actor.principal.tenantId;
      const period = await periods.period(tenantId, input.period.key);
      checkOverrider(actor, period);
      const agencyId = await periods.agencyOf(tenantId, input.period.key, input.officialId);
      if (!agencyId) throw scoreNotFound();
      const [rows, overrides, evaluation] = await Promise.all([
        periods.agencyResults(tenantId, input.period.key, agencyId),
        periods.overrides(tenantId, input.period.key),
        evaluations.evaluation(tenantId, input.period.key, input.officialId),
      ]);
      checkResultUnconsolidated(evaluation);
      const before = overrides.find((o) => o.officialId === input.officialId) ?? null;
      const next: StoredOverride | null = input.keep
        ? { officialId: input.officialId, reason: input.reason, by: actor.principal.subject, at: actor.now }
        : null;
      const wanted = [...overrides.filter((o) => o.officialId !== input.officialId), ...(next ? [next] : [])];
      let result: ReturnType<typeof consolidate>;
      try {
        result = consolidate(rows, wanted, (await packsOf(tenantId)).find);
      } catch (err) {
        // The quota names the override at fault; the caller sent one official.
        if (err instanceof DomainError && err.field.startsWith('overrides')) throw new FailedPreconditionError(err.text, 'official_id');
        throw err;
      }
      const event = agencyResultsEvent({ tenantId, period: input.period.key, agencyId, closed: true, ...result, at: actor.now });
      await periods.setOverride(tenantId, input.period.key, input.officialId, next, before, actor, event);
      return { result: toProtoResult(result.rows.find((x) => x.officialId === input.officialId)!) };
    }),

    reopenPeriod: rpc('scoring.period.manage', async (req, { actor, cancelled }) => {
      const change = parsePeriodChange(req);
      const { entity } = await execute({
        load: () => periods.period(actor.principal.tenantId, change.period.key),
        decide: (current) => ({ entity: reopenPeriod(change, current, actor), events: [], before: current, unchanged: false }),
        // The results are removed, and with them the consolidation and approval; each agency hears so.
        save: async (d) => {
          const { tenantId, period } = d.entity;
          const withdrawn = (await periods.resultAgencies(tenantId, period)).map((agencyId) =>
            agencyResultsEvent({ tenantId, period, agencyId, closed: false, rows: [], groups: [], at: actor.now }),
          );
          await periods.save(d.entity, d.before, actor, [], async (c) => {
            await evaluations.withdrawForReopen(c, tenantId, period, actor);
            await writeOutbox(c, withdrawn);
          });
        },
        cancelled,
      });
      return { period: await answerPeriod(entity, actor) };
    }),

    getScoringSettings: rpc('scoring.period.read', async (_, { actor }) => ({
      settings: toProtoSettings(await tenantSettings(deps, actor.principal.tenantId)),
    })),

    updateScoringSettings: rpc('scoring.period.manage', async (req, { actor, cancelled }) => {
      const input = parseSettingsUpdate(req);
      const { entity } = await execute({
        load: () => tenantSettings(deps, actor.principal.tenantId),
        decide: (current) => ({ ...updateSettings(input, current, actor), before: current }),
        save: (d) => settings.save(d, d.before, actor),
        cancelled,
      });
      return { settings: toProtoSettings(entity) };
    }),

    recordAssessment: rpc('score.assess', async (req, { actor, cancelled }) => {
      const input = parseAssessment(req);
      const tenantId = actor.principal.tenantId;
      const { today, date } = dayOf({ officialId: input.officialId, period: input.period }, actor);
      let before: Assessment | undefined;
      await execute({
        load: async () => {
          const [official, existing, period] = await Promise.all([
            officialOf(actor, input.officialId, input.period, date),
            assessments.assessments(tenantId, input.period.key, [input.officialId]),
            periods.period(tenantId, input.period.key),
          ]);
          checkOpen(period);
          before = existing.get(input.officialId);
          return { existing: before, pack: official.pack, role: official.role, date, today };
        },
        decide: (s) => recordAssessment(input, s, actor),
        save: (d) => assessments.save(d, actor, before),
        cancelled,
      });
      return { score: await scoreNow(actor, { officialId: input.officialId, period: input.period }) };
    }),
  });
}
