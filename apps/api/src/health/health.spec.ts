import { START_OF_LOG, type EventStore } from '@registry/event-store';
import type { Projector, ProjectionStatus } from '@registry/projections';
import type { HttpReply } from '../http/http-platform';
import { HealthController } from './health.controller';

const status = (projection: string, changes: Partial<ProjectionStatus> = {}): ProjectionStatus => ({
  projection,
  position: START_OF_LOG,
  globalPosition: '12',
  isRunning: true,
  lag: 0,
  error: null,
  isRefusing: false,
  version: 1,
  isSwitchingVersion: false,
  ...changes,
});

/** /health of a server whose projections stand as `statuses` say, run in its process or (`isLive` false) not. */
const healthOf = async (statuses: ProjectionStatus[], isLive = true) => {
  const projector = { status: () => Promise.resolve(statuses), isLive } as unknown as Projector;
  const reply = { status: jest.fn() };
  const body = await new HealthController(projector, {} as EventStore).health(reply as unknown as HttpReply);
  return { code: reply.status.mock.calls[0]?.[0] as number, body };
};

describe('/health, public', () => {
  it('says a projection stopped or refuses, but not why: an error’s text may name hosts and paths', async () => {
    const refusal =
      'the notary refuses to notarise: the database does not hold its latest seal as recorded in ' +
      '/srv/registry/data/notary-seal-public.json: no seal at sequence 20';
    const { code, body } = await healthOf([
      status('report-detail', { isRunning: false, error: 'connect ECONNREFUSED 10.1.2.3:5432' }),
      status('notary', { isRunning: false, error: refusal, isRefusing: true }),
      status('statistics'),
    ]);
    expect(code).toBe(503);
    expect(body.status).toBe('degraded');
    expect(body.projections).toEqual([
      expect.objectContaining({ projection: 'report-detail', isRunning: false, isRefusing: false }),
      expect.objectContaining({ projection: 'notary', isRunning: false, isRefusing: true }),
      expect.objectContaining({ projection: 'statistics', isRunning: true, isRefusing: false, error: null }),
    ]);
    expect(body.projections[0]!.error).toMatch(/^stopped: the reason is in this server’s log/);
    expect(body.projections[1]!.error).toMatch(/^refuses to go on until an operator acts/);
    expect(JSON.stringify(body)).not.toMatch(/10\.1\.2\.3|notary-seal|\/srv/);
  });

  it('is not ready while a projector in another process holds a projection that refused', async () => {
    const refusing = status('notary', {
      isRunning: false,
      error: 'the notary refuses to notarise: …',
      isRefusing: true,
    });
    const elsewhere = [status('report-detail', { isRunning: false }), { ...refusing }];
    const { code, body } = await healthOf(elsewhere, false);
    expect(code).toBe(503);
    expect(body).toMatchObject({ status: 'degraded', projector: 'separate process' });
    expect(body.projections[1]).toMatchObject({ isRefusing: true, error: expect.stringMatching(/^refuses to go on/) });
    expect(JSON.stringify(body)).not.toContain('the notary refuses');
    const running = await healthOf([status('report-detail', { isRunning: false })], false);
    expect(running).toMatchObject({ code: 200, body: { status: 'ok' } });
  });
});
