import { orgV1 } from '@thuocdo/proto';
import { bindService, checkPolicies, rpc } from './grpc-server';

describe('policies', () => {
  const ok = rpc('org.structure.read', async () => ({}) as never);
  const all = Object.fromEntries(Object.keys(orgV1.OrgServiceService).map((m) => [m, ok])) as Record<string, typeof ok>;

  it('accepts a service whose every method declares an action', () => {
    expect(() => checkPolicies([bindService('thuocdo.org.v1.OrgService', orgV1.OrgServiceService, all as never)])).not.toThrow();
  });

  it('refuses to start a service with a method that declares no action, or an unknown one', () => {
    const { listUnits: _, ...missing } = all;
    expect(() => checkPolicies([bindService('thuocdo.org.v1.OrgService', orgV1.OrgServiceService, missing as never)])).toThrow(
      'thuocdo.org.v1.OrgService/listUnits: no handler bound',
    );
    const noPolicy = { ...all, listUnits: { handle: ok.handle } };
    expect(() => checkPolicies([bindService('thuocdo.org.v1.OrgService', orgV1.OrgServiceService, noPolicy as never)])).toThrow(
      /listUnits: no policy declared/,
    );
    const unknown = { ...all, listUnits: rpc('org.everything' as never, ok.handle) };
    expect(() => checkPolicies([bindService('thuocdo.org.v1.OrgService', orgV1.OrgServiceService, unknown as never)])).toThrow(
      /no policy declared/,
    );
  });
});
