// Names for the ids that records keep: a screen showing versions or audit entries asks once for
// every id on it.
import { findPeople } from '../auth/find-people';
import { readQuery, throwIfInvalidQuery, type Query } from './request-inputs';
import { NO_CALLER, type OpenApiParameter, type RouteDefinition } from './route';

/** A screen's worth: a page of audit entries names at most this many actors. */
const MAX_IDS = 200;
const ID = /^(usr|key)_[0-9a-f]{24}$/;

const PARAMETERS: OpenApiParameter[] = [
  {
    name: 'ids',
    in: 'query',
    required: true,
    description: `Up to ${MAX_IDS} user ids (usr_...) and API key ids (key_...), separated by commas.`,
    schema: { type: 'string' },
  },
];

const PERSON_SCHEMA = {
  oneOf: [
    {
      type: 'object',
      properties: {
        id: { type: 'string' },
        kind: { const: 'user' },
        username: { type: 'string' },
        displayName: { type: 'string' },
        disabled: { type: 'boolean' },
      },
      required: ['id', 'kind', 'username', 'displayName', 'disabled'],
    },
    {
      type: 'object',
      properties: {
        id: { type: 'string' },
        kind: { const: 'api_key' },
        name: { type: 'string' },
        revoked: { type: 'boolean' },
      },
      required: ['id', 'kind', 'name', 'revoked'],
    },
  ],
};

export const peopleRoutes: RouteDefinition[] = [
  {
    method: 'get',
    path: '/api/v1/people',
    permission: 'people:read',
    operation: {
      operationId: 'findPeople',
      summary: 'The names of the users and API keys with these ids',
      description:
        'Versions, simulations and audit entries name who acted by id; this turns the ids into names. Ids of no user or key are left out of the answer.',
      tags: ['administration'],
      parameters: PARAMETERS,
      responses: {
        '200': {
          description: 'The users and keys found, in the order asked',
          schema: {
            type: 'object',
            properties: { people: { type: 'array', items: PERSON_SCHEMA } },
            required: ['people'],
          },
        },
        '400': { description: 'ids is missing, too long, or holds something not an id' },
        '401': NO_CALLER,
        '403': { description: 'The caller may not look up names' },
      },
    },
    handle: async (context, request, response) => {
      const query = readQuery(request, PARAMETERS);
      const ids = readIds(query);
      throwIfInvalidQuery(query);
      response.setHeader('Cache-Control', 'private, no-cache');
      response.json({ people: await findPeople(context.store, ids) });
    },
  },
];

function readIds(query: Query): string[] {
  const value = query.values.ids;
  if (value === undefined) return [];
  const ids = [...new Set(value.split(','))];
  if (ids.length > MAX_IDS) {
    query.issues.push({ path: 'query.ids', message: `must hold at most ${MAX_IDS} ids` });
  } else if (!ids.every((id) => ID.test(id))) {
    query.issues.push({
      path: 'query.ids',
      message: 'must be user ids (usr_...) and API key ids (key_...) separated by commas',
    });
  }
  return ids;
}
