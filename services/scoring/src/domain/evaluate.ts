import { type Actor, check, coversOfficial, type DirectoryView, FailedPreconditionError, NotFoundError } from '@thuocdo/kit';
import type { Assessment } from './assessment';
import { type Period, packFor, parsePeriod } from './period';
import { type DiaryFact, productsOf, type TaskFact } from './products';
import type { OfficialCategory, Role, RulePack } from './rule-pack';
import { type OfficialPeriodInput, type OfficialScore, scoreOfficials, type UnitKpiLink } from './score';

// ---------------------------------------------------------------------------------------------
// One official's score in a period, worked out from the facts scoring keeps: their post, and for
// a leader the staff they manage (whose grades make the unit result, whose products count in the
// leader's a–c), the categories that choose each one's pack, and the period's tasks and entries.
//
// Whom a leader manages: the officials whose main post, on the day the score is made, is in the
// leader's unit or below it, except other leaders of that same unit (a head and their deputies
// are scored side by side, not one from the other). Leaders of units below are managed, and
// manage their own units in turn, so nobody is scored from themself.

export interface ScoreRequest {
  officialId: string;
  period: Period;
}

export function parseScoreRequest(r: { officialId: string; period: string }): ScoreRequest {
  return { officialId: check.id('official_id', r.officialId), period: parsePeriod(r.period) };
}

/** The day the score is made as of: the period's last day, or today while it runs. */
export const scoreDate = (p: Period, today: string) => (today < p.to ? today : p.to);

/** The caller reaches the official on that day (their own score, or a manager's, HR's, a tenant reader's). */
export function checkScoreReader(actor: Actor, officialId: string, date: string): void {
  if (!coversOfficial(actor.scope, actor.directory, officialId, date)) throw scoreNotFound();
}

export const scoreNotFound = () =>
  new NotFoundError({ vi: 'Không tìm thấy người được đánh giá trong kỳ này', en: 'No such official in this period' }, 'official_id');

/** The units of a unit's subtree as the tree stood on the date (the unit itself first). */
export function unitSubtree(dir: DirectoryView, unitId: string, date: string): string[] {
  const unit = dir.unit(unitId);
  if (!unit) return [unitId];
  const below = dir
    .unitsOfAgency(unit.agencyId)
    .filter((u) => u.id !== unitId && dir.ancestryOn(u.id, date).includes(unitId))
    .map((u) => u.id);
  return [unitId, ...below];
}

export interface PostOnDate {
  officialId: string;
  agencyId: string;
  unitId: string;
  leadership: boolean;
  dutyGroup: string;
}

/** An official as a period's step sees them: their main post on the day, the pack that scores them, their role. */
export interface OfficialInPeriod {
  post: PostOnDate;
  pack: RulePack;
  role: Role;
}

/** Whom each leader among `posts` manages (see above); non-leaders manage nobody. */
export function managedBy(posts: PostOnDate[], dir: DirectoryView, date: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const leader of posts.filter((p) => p.leadership)) {
    const units = new Set(unitSubtree(dir, leader.unitId, date));
    out.set(
      leader.officialId,
      posts
        .filter((p) => p.officialId !== leader.officialId && units.has(p.unitId) && !(p.leadership && p.unitId === leader.unitId))
        .map((p) => p.officialId),
    );
  }
  return out;
}

/** The pack that scores the official, or why there is none. */
export function packForOfficial(
  category: OfficialCategory | undefined,
  year: number,
  packs?: readonly RulePack[],
  chosen: Map<OfficialCategory, RulePack> = new Map(),
): RulePack {
  const pack = category && (chosen.get(category) ?? packFor(category, year, packs));
  if (!pack)
    throw new FailedPreconditionError(
      {
        vi: `Chưa có bộ quy tắc chấm điểm cho đối tượng ${category ?? 'chưa rõ'} năm ${year}`,
        en: `No rule pack for category ${category ?? 'unknown'} in ${year}`,
      },
      'official_id',
    );
  return pack;
}

/**
 * Closing freezes everyone posted: an official it cannot score (scoring has their post but not
 * yet their record, or no pack covers their category that year) stops it, named, rather than
 * being left out of the frozen results without a word.
 */
export function checkAllScorable(
  posts: PostOnDate[],
  categories: Map<string, OfficialCategory>,
  year: number,
  chosen: Map<OfficialCategory, RulePack> = new Map(),
  packs?: readonly RulePack[],
): void {
  const missing = posts.filter((p) => {
    const category = categories.get(p.officialId);
    return !category || !(chosen.get(category) ?? packFor(category, year, packs));
  });
  if (!missing.length) return;
  const named = missing
    .slice(0, 5)
    .map((p) => `${p.officialId} (${categories.get(p.officialId) ?? '?'})`)
    .join(', ');
  const more = missing.length > 5 ? ` …(+${missing.length - 5})` : '';
  throw new FailedPreconditionError(
    {
      vi: `Chưa chấm được ${missing.length} người (chưa rõ đối tượng hoặc chưa có bộ quy tắc năm ${year}): ${named}${more}`,
      en: `${missing.length} official(s) cannot be scored (category unknown or no rule pack for ${year}): ${named}${more}`,
    },
    'period',
  );
}

export interface EvaluationInput {
  request: ScoreRequest;
  date: string;
  /** The official's post and, for a leader, those of the staff below them. */
  posts: PostOnDate[];
  categories: Map<string, OfficialCategory>;
  facts: { tasks: TaskFact[]; diary: DiaryFact[] };
  /** What people entered for each official of the period (none: nothing entered yet). */
  assessments: Map<string, Assessment>;
  /** The packs the tenant chose for the period's year, by category (others: the default). */
  chosen?: Map<OfficialCategory, RulePack>;
  directory: DirectoryView;
  packs?: readonly RulePack[];
  /** Units' KPI results of the period, by unit (unit-kpi.ts): each leader's unit's links to them. */
  unitKpis?: ReadonlyMap<string, UnitKpiLink>;
}

/** Scores the official (and, to get there, the staff they manage). */
export function evaluateOfficial(e: EvaluationInput): OfficialScore {
  const score = evaluateAll(e).get(e.request.officialId);
  if (!score) throw scoreNotFound();
  return score;
}

/** Scores everyone posted in `posts` (a leader with the staff among them), staff before their managers. */
export function evaluateAll(e: Omit<EvaluationInput, 'request'> & { request: { period: Period } }): Map<string, OfficialScore> {
  const year = e.request.period.year;
  const managed = managedBy(e.posts, e.directory, e.date);
  const tasksOf = groupBy(e.facts.tasks, (t) => t.leadAssigneeId);
  const diaryOf = groupBy(e.facts.diary, (d) => d.officialId);
  const packOf = (id: string): RulePack => packForOfficial(e.categories.get(id), year, e.packs, e.chosen);
  const inputs: OfficialPeriodInput[] = e.posts.map((p) => {
    const pack = packOf(p.officialId);
    const assessed = e.assessments.get(p.officialId);
    return {
      officialId: p.officialId,
      agencyId: p.agencyId,
      dutyGroup: p.dutyGroup,
      category: e.categories.get(p.officialId)!,
      isManager: p.leadership,
      manages: managed.get(p.officialId) ?? [],
      products: productsOf(p.officialId, tasksOf.get(p.officialId) ?? [], diaryOf.get(p.officialId) ?? [], pack.parameters),
      general: assessed?.general ?? {},
      organisationReduced: assessed?.organisationReduced ?? false,
      unityReduced: assessed?.unityReduced ?? false,
      disqualifiers: assessed?.disqualifiers ?? [],
      unitKpi: p.leadership ? e.unitKpis?.get(p.unitId) : undefined,
    };
  });
  return scoreOfficials(inputs, (i) => packOf(i.officialId));
}

function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}
