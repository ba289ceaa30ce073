import { type Actor, check, coversNode, isStringTuple, PermissionDeniedError, readPage, scopeFor, toPage } from '@thuocdo/kit';
import { scoringV1 } from '@thuocdo/proto';
import { enumName, execute, rpc } from '@thuocdo/service';
import { consolidate } from '../domain/consolidation';
import type { PackCatalog } from '../domain/custom-pack';
import { checkScoreReader, type OfficialInPeriod, parseScoreRequest, unitSubtree } from '../domain/evaluate';
import {
  advanceEvaluation,
  commentOnEvaluation,
  type Evaluation,
  noEvaluation,
  parseAdvance,
  parseComment,
  parseSelfAssessment,
  STAGE_ACTION,
  submitSelfAssessment,
} from '../domain/evaluation';
import { type Period, parsePeriod } from '../domain/period';
import type { AssessmentStore } from '../store/assessment-store';
import type { EvaluationStore } from '../store/evaluation-store';
import type { FactStore } from '../store/fact-store';
import type { PeriodStore } from '../store/period-store';
import { PDF_TYPE, renderEvaluationForm } from './evaluation-form';
import { toProtoEvaluation, toProtoRulePack } from './mapping';

export interface EvaluationDeps {
  facts: FactStore;
  assessments: AssessmentStore;
  periods: PeriodStore;
  evaluations: EvaluationStore;
  /** The official's main post on the day, the pack that scores them and their role (NOT_FOUND without a post). */
  officialOf: (actor: Actor, officialId: string, period: Period, date: string) => Promise<OfficialInPeriod>;
  /** The day a request is judged on (the period's last day, or today while it runs), refusing periods not started. */
  dayOf: (request: { officialId: string; period: Period }, actor: Actor) => { today: string; date: string };
  /** The tenant's packs, shipped and its own. */
  packsOf: (tenantId: string) => Promise<PackCatalog>;
  /** The score as GetOfficialScore answers it. */
  scoreOf: (actor: Actor, request: { officialId: string; period: Period }) => Promise<scoringV1.OfficialScore>;
}

/** The evaluation RPCs of ScoringService (quy trình đánh giá). */
export function evaluationHandlers(d: EvaluationDeps) {
  const { facts, assessments, periods, evaluations, officialOf } = d;

  /** The official's result of a closed period with the agency's quota applied. */
  async function resultOf(tenantId: string, period: string, officialId: string, agencyId: string) {
    const [rows, overrides] = await Promise.all([periods.agencyResults(tenantId, period, agencyId), periods.overrides(tenantId, period)]);
    const row = consolidate(rows, overrides, (await d.packsOf(tenantId)).find).rows.find((r) => r.officialId === officialId);
    return row ? { total: row.total, grade: row.finalGrade } : null;
  }

  /** The evaluation as answered: who took each step and commented, by name. */
  const answer = async (e: Evaluation) => {
    const ids = [...e.steps, ...e.comments].flatMap((x) => (x.byOfficialId ? [x.byOfficialId] : []));
    const names = ids.length ? await facts.names(e.tenantId, [...new Set(ids)]) : new Map();
    return { evaluation: toProtoEvaluation(e, { names }) };
  };

  return {
    getEvaluation: rpc<scoringV1.GetEvaluationRequest, scoringV1.GetEvaluationResponse>('score.read', async (req, { actor }) => {
      const officialId = check.id('official_id', req.officialId);
      const period = parsePeriod(req.period);
      const { date } = d.dayOf({ officialId, period }, actor);
      checkScoreReader(actor, officialId, date);
      return answer(await evaluations.evaluation(actor.principal.tenantId, period.key, officialId));
    }),

    listEvaluations: rpc<scoringV1.ListEvaluationsRequest, scoringV1.ListEvaluationsResponse>(
      'evaluation.review',
      async (req, { actor }) => {
        const tenantId = actor.principal.tenantId;
        const unitId = check.id('unit_id', req.unitId);
        const period = parsePeriod(req.period);
        const { date } = d.dayOf({ officialId: '', period }, actor);
        const stage = req.stage ? enumName(req.stage, scoringV1.evaluationStageToJSON, 'EVALUATION_STAGE_') : null;
        // The unit in the caller's reach (a unit head: their own subtree), and everyone posted in it.
        if (!coversNode(actor.scope, actor.directory, 'UNIT', unitId, date)) throw new PermissionDeniedError();
        const filters = { unitId, period: period.key, stage };
        // By name, then id: the cursor is the last row's (name, id), so a page never repeats or skips
        // a row when evaluations change stage between pages.
        const page = readPage(req, filters, isStringTuple(2));
        const reachable = await facts.mainPosts(tenantId, date, { unitIds: unitSubtree(actor.directory, unitId, date) });
        const ids = reachable.map((p) => p.officialId);
        const [names, found] = await Promise.all([facts.names(tenantId, ids), evaluations.evaluations(tenantId, period.key, ids)]);
        const byName = (a: { name: string; id: string }, b: { name: string; id: string }) =>
          a.name.localeCompare(b.name, 'vi') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
        const after = page.after && { name: page.after[0], id: page.after[1] };
        const rows = reachable
          .map((p) => ({
            post: p,
            name: names.get(p.officialId) ?? { fullName: '', staffCode: '' },
            evaluation: found.get(p.officialId) ?? noEvaluation(tenantId, period.key, p.officialId),
            key: { name: names.get(p.officialId)?.fullName ?? '', id: p.officialId },
          }))
          .filter((r) => (!stage || r.evaluation.stage === stage) && (!after || byName(r.key, after) > 0))
          .sort((a, b) => byName(a.key, b.key));
        const { items, nextPageToken } = toPage(rows.slice(0, page.size + 1), page, filters, (r) => [r.key.name, r.key.id]);
        return {
          evaluations: items.map((r) => toProtoEvaluation(r.evaluation, { official: { ...r.name, unitId: r.post.unitId } })),
          nextPageToken,
        };
      },
    ),

    submitSelfAssessment: rpc<scoringV1.SubmitSelfAssessmentRequest, scoringV1.SubmitSelfAssessmentResponse>(
      'evaluation.self',
      async (req, { actor, cancelled }) => {
        const input = parseSelfAssessment(req);
        const tenantId = actor.principal.tenantId;
        const { date } = d.dayOf(input, actor);
        let saved: Evaluation | undefined;
        await execute({
          load: async () => {
            const [official, existing, period] = await Promise.all([
              officialOf(actor, input.officialId, input.period, date),
              evaluations.evaluation(tenantId, input.period.key, input.officialId),
              periods.period(tenantId, input.period.key),
            ]);
            return { existing, pack: official.pack, role: official.role, periodClosed: period.status === 'CLOSED' };
          },
          decide: (s) => ({ ...submitSelfAssessment(input, s, actor), before: s.existing }),
          save: async (x) => {
            saved = await evaluations.save(x.entity, x.before, actor);
          },
          cancelled,
        });
        return answer(saved!);
      },
    ),

    advanceEvaluation: rpc<scoringV1.AdvanceEvaluationRequest, scoringV1.AdvanceEvaluationResponse>(
      'evaluation.review',
      async (req, { actor, cancelled }) => {
        const input = parseAdvance({
          ...req,
          stage: req.stage ? enumName(req.stage, scoringV1.evaluationStageToJSON, 'EVALUATION_STAGE_') : '',
        });
        const tenantId = actor.principal.tenantId;
        const { date } = d.dayOf(input, actor);
        // The stage's own reach: a unit head reviews their staff; consolidation is HR's.
        const staged: Actor = { ...actor, scope: scopeFor(actor.principal, STAGE_ACTION[input.stage], actor.directory, actor.today) };
        let saved: Evaluation | undefined;
        let approved: Awaited<ReturnType<PeriodStore['storedResult']>>;
        await execute({
          load: async () => {
            const [official, existing, period, assessed] = await Promise.all([
              officialOf(actor, input.officialId, input.period, date),
              evaluations.evaluation(tenantId, input.period.key, input.officialId),
              periods.period(tenantId, input.period.key),
              assessments.assessments(tenantId, input.period.key, [input.officialId]),
            ]);
            const closed = period.status === 'CLOSED';
            const agencyId = (closed && (await periods.agencyOf(tenantId, input.period.key, input.officialId))) || official.post.agencyId;
            const result = closed ? await resultOf(tenantId, input.period.key, input.officialId, agencyId) : null;
            approved =
              input.stage === 'APPROVED' && closed ? await periods.storedResult(tenantId, input.period.key, input.officialId) : undefined;
            const general = assessed.get(input.officialId)?.general;
            // In the pack's order of criteria, as the forms show them.
            const order = official.pack.variants[official.role].generalCriteria.map((c) => c.code);
            return {
              existing,
              agencyId,
              date,
              periodClosed: closed,
              assessed: general
                ? Object.entries(general)
                    .map(([code, points]) => ({ code, points }))
                    .sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code))
                : null,
              result,
              pack: official.pack,
            };
          },
          decide: (s) => ({ ...advanceEvaluation(input, s, staged), before: s.existing }),
          save: async (x) => {
            saved = await evaluations.save(x.entity, x.before, actor, approved);
          },
          cancelled,
        });
        return answer(saved!);
      },
    ),

    exportEvaluationForm: rpc<scoringV1.ExportEvaluationFormRequest, scoringV1.ExportEvaluationFormResponse>(
      'score.read',
      async (req, { actor }) => {
        const request = parseScoreRequest(req);
        const tenantId = actor.principal.tenantId;
        const { date } = d.dayOf(request, actor);
        checkScoreReader(actor, request.officialId, date);
        const [score, evaluation, names, period] = await Promise.all([
          d.scoreOf(actor, request),
          evaluations.evaluation(tenantId, request.period.key, request.officialId),
          facts.names(tenantId, [request.officialId]),
          periods.period(tenantId, request.period.key),
        ]);
        const { evaluation: shown } = await answer(evaluation);
        const finalGrade =
          period.status === 'CLOSED' ? await resultOf(tenantId, request.period.key, request.officialId, score.agencyId) : null;
        const post = actor.directory.postsOn(request.officialId, date)[0];
        const pack = (await d.packsOf(tenantId)).find(score.packCode, score.packVersion);
        const who = names.get(request.officialId);
        const content = await renderEvaluationForm({
          score,
          evaluation: shown,
          pack: pack && toProtoRulePack(pack),
          official: {
            fullName: who?.fullName ?? '',
            staffCode: who?.staffCode ?? '',
            agency: actor.directory.agency(score.agencyId)?.name || actor.directory.agency(score.agencyId)?.code || '',
            unit: (post && actor.directory.unit(post.unitId)?.name) || '',
          },
          finalGrade: finalGrade?.grade ?? null,
          printedAt: actor.now,
        });
        const code = who?.staffCode || request.officialId.slice(0, 8);
        return { file: { name: `phieu-danh-gia-${code}-${request.period.key}.pdf`, contentType: PDF_TYPE, content } };
      },
    ),

    commentOnEvaluation: rpc<scoringV1.CommentOnEvaluationRequest, scoringV1.CommentOnEvaluationResponse>(
      'evaluation.self',
      async (req, { actor, cancelled }) => {
        const input = parseComment(req);
        let saved: Evaluation | undefined;
        await execute({
          load: () => evaluations.evaluation(actor.principal.tenantId, input.period.key, input.officialId),
          decide: (existing) => ({ ...commentOnEvaluation(input, existing, actor), before: existing }),
          save: async (x) => {
            saved = await evaluations.save(x.entity, x.before, actor);
          },
          cancelled,
        });
        return answer(saved!);
      },
    ),
  };
}
