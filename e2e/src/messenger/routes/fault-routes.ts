import { badField, rejectUnknownFields, requireObject } from '../http/json-fields.js';
import type { Reply, RequestContext, Route } from '../http/route.js';
import { NO_FAULT, type MembershipFault } from '../faults/membership-faults.js';
import type { MessengerContext } from '../messenger-context.js';

export const MEMBERSHIP_FAULT_PATH = '/admin/faults/membership';

function readFault(body: unknown): MembershipFault {
  const fields = requireObject(body);
  rejectUnknownFields(fields, ['mode', 'status']);
  const mode = fields['mode'];
  if (mode === 'none') return NO_FAULT;
  if (mode === 'hang') return { mode };
  if (mode === 'fail') {
    const status = fields['status'] ?? 503;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 500 || status > 599) {
      throw badField('status', 'an integer from 500 to 599');
    }
    return { mode, status };
  }
  throw badField('mode', 'one of none, fail, hang');
}

/**
 * TEST ONLY (CMF_MESSENGER_FAULT_INJECTION=true): switch the membership API between healthy,
 * failing and hanging. Guarded by the service token like the API it breaks.
 */
export function faultRoutes(app: MessengerContext): Route[] {
  const show = (): Reply => ({ status: 200, body: { membership: app.faults.current } });
  const guarded =
    (action: (request: RequestContext) => Promise<void>) =>
    async (request: RequestContext): Promise<Reply> => {
      app.serviceToken.check(request.req.headers.authorization);
      await action(request);
      return show();
    };
  return [
    { method: 'GET', template: MEMBERSHIP_FAULT_PATH, handle: guarded(() => Promise.resolve()) },
    {
      method: 'PUT',
      template: MEMBERSHIP_FAULT_PATH,
      handle: guarded(async (request) => {
        const fault = readFault(await request.body());
        app.faults.set(fault);
        app.logger.warn('membership API fault set', { fault });
      }),
    },
    {
      method: 'DELETE',
      template: MEMBERSHIP_FAULT_PATH,
      handle: guarded(() => {
        app.faults.set(NO_FAULT);
        app.logger.info('membership API fault cleared');
        return Promise.resolve();
      }),
    },
  ];
}
