import { NotFoundError, todayInVietnam, ValidationError } from '@thuocdo/kit';
import { scoringV1 } from '@thuocdo/proto';
import { bindService, rpc } from '@thuocdo/service';
import { checkScoreReader, evaluateOfficial, parseScoreRequest, scoreDate, scoreNotFound, unitSubtree } from '../domain/evaluate';
import { SHIPPED_PACKS } from '../domain/packs';
import type { FactStore } from '../store/fact-store';
import { toProtoRulePack, toProtoScore } from './mapping';

/** ScoringService: protobuf in, the engine over the facts scoring keeps, protobuf out. */
export function scoringService(facts: FactStore) {
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
      const tenantId = actor.principal.tenantId;
      const today = todayInVietnam(actor.now);
      const date = scoreDate(request.period, today);
      if (request.period.from > today)
        throw new ValidationError('period', { vi: 'Kỳ đánh giá chưa bắt đầu', en: 'the period has not started yet' });
      checkScoreReader(actor, request.officialId, date);
      const [own] = await facts.mainPosts(tenantId, date, { officialIds: [request.officialId] });
      if (!own) throw scoreNotFound();
      // A leader is scored with the staff below them: their grades and products count.
      const posts = own.leadership
        ? await facts.mainPosts(tenantId, date, { unitIds: unitSubtree(actor.directory, own.unitId, date), officialIds: [own.officialId] })
        : [own];
      const ids = posts.map((p) => p.officialId);
      const [categories, periodFacts] = await Promise.all([
        facts.categories(tenantId, ids),
        facts.periodFacts(tenantId, ids, request.period.from, request.period.to),
      ]);
      const score = evaluateOfficial({ request, date, posts, categories, facts: periodFacts, directory: actor.directory });
      return { score: toProtoScore(score, request.period.key, today <= request.period.to, actor.now) };
    }),
  });
}
