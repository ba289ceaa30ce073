import { type Actor, NotFoundError, todayInVietnam, ValidationError } from '@thuocdo/kit';
import { scoringV1 } from '@thuocdo/proto';
import { bindService, execute, rpc } from '@thuocdo/service';
import { type Assessment, parseAssessment, recordAssessment } from '../domain/assessment';
import {
  checkScoreReader,
  evaluateOfficial,
  packForOfficial,
  parseScoreRequest,
  type ScoreRequest,
  scoreDate,
  scoreNotFound,
  unitSubtree,
} from '../domain/evaluate';
import { SHIPPED_PACKS } from '../domain/packs';
import type { AssessmentStore } from '../store/assessment-store';
import type { FactStore } from '../store/fact-store';
import { toProtoRulePack, toProtoScore } from './mapping';

/** ScoringService: protobuf in, the engine over the facts scoring keeps, protobuf out. */
export function scoringService(facts: FactStore, assessments: AssessmentStore) {
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

  /** The official's score as the facts and assessments stand now (a leader with the staff below them). */
  async function scoreNow(actor: Actor, request: ScoreRequest) {
    const tenantId = actor.principal.tenantId;
    const { today, date } = dayOf(request, actor);
    const own = await postOf(actor, request.officialId, date);
    const posts = own.leadership
      ? await facts.mainPosts(tenantId, date, { unitIds: unitSubtree(actor.directory, own.unitId, date), officialIds: [own.officialId] })
      : [own];
    const ids = posts.map((p) => p.officialId);
    const [categories, periodFacts, assessed] = await Promise.all([
      facts.categories(tenantId, ids),
      facts.periodFacts(tenantId, ids, request.period.from, request.period.to),
      assessments.assessments(tenantId, request.period.key, ids),
    ]);
    const score = evaluateOfficial({
      request,
      date,
      posts,
      categories,
      facts: periodFacts,
      assessments: assessed,
      directory: actor.directory,
    });
    return toProtoScore(score, request.period.key, today <= request.period.to, actor.now, assessed.get(request.officialId));
  }

  return bindService('thuocdo.scoring.v1.ScoringService', scoringV1.ScoringServiceService, {
    listRulePacks: rpc('scoring.rules.read', async () => ({ packs: SHIPPED_PACKS.map(toProtoRulePack) })),

    getRulePack: rpc('scoring.rules.read', async (req) => {
      const code = req.code.trim();
      if (!code) throw new ValidationError('code', { vi: 'Trường code là bắt buộc', en: 'code is required' });
      const pack = SHIPPED_PACKS.filter((p) => p.code === code && (req.version === 0 || p.version === req.version)).sort(
        (a, b) => b.version - a.version,
      )[0];
      if (!pack) throw new NotFoundError({ vi: 'Không tìm thấy bộ quy tắc chấm điểm', en: 'Rule pack not found' }, 'code');
      return { pack: toProtoRulePack(pack) };
    }),

    getOfficialScore: rpc('score.read', async (req, { actor }) => {
      const request = parseScoreRequest(req);
      checkScoreReader(actor, request.officialId, dayOf(request, actor).date);
      return { score: await scoreNow(actor, request) };
    }),

    recordAssessment: rpc('score.assess', async (req, { actor, cancelled }) => {
      const input = parseAssessment(req);
      const tenantId = actor.principal.tenantId;
      const { today, date } = dayOf({ officialId: input.officialId, period: input.period }, actor);
      let before: Assessment | undefined;
      await execute({
        load: async () => {
          const [own, categories, existing] = await Promise.all([
            postOf(actor, input.officialId, date),
            facts.categories(tenantId, [input.officialId]),
            assessments.assessments(tenantId, input.period.key, [input.officialId]),
          ]);
          before = existing.get(input.officialId);
          return {
            existing: before,
            pack: packForOfficial(categories.get(input.officialId), input.period.year),
            role: own.leadership ? ('MANAGER' as const) : ('NON_MANAGER' as const),
            date,
            today,
          };
        },
        decide: (s) => recordAssessment(input, s, actor),
        save: (d) => assessments.save(d, actor, before),
        cancelled,
      });
      return { score: await scoreNow(actor, { officialId: input.officialId, period: input.period }) };
    }),
  });
}
