import { expect } from 'vitest';
import type { Member } from '@/contracts/members';
import { enrolOverApi, userAddArgs, type ApiSession, type Authenticator } from './accounts';
import { useBrowserSuite, type BrowserSuite } from './suite';

/** A Kreisverband admin of Fulda that a browser suite enrols over the API. */
export interface DistrictAdmin {
  email: string;
  name: string;
  password: string;
}

export interface DistrictAdminSuite {
  suite: BrowserSuite;
  /** The admin's enrolled session and authenticator (set in beforeAll). */
  admin(): { session: ApiSession; authenticator: Authenticator };
  /** The API with the admin's session; `body` is null for an empty answer. */
  api<T = Member>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T }>;
  /** A member in Fulda (postcode 36037, status member unless `extra` says otherwise), over the API. */
  createMember(firstName: string, lastName: string, extra?: Record<string, unknown>): Promise<Member>;
}

/**
 * A browser suite on a 200-member demo with one district admin of Kreisverband Fulda, added with
 * the CLI and enrolled (password and authenticator) over the API, plus the API as that admin.
 */
export function useDistrictAdminSuite(account: DistrictAdmin): DistrictAdminSuite {
  let admin: { session: ApiSession; authenticator: Authenticator } | undefined;
  const suite = useBrowserSuite({
    server: {
      prepare: async (cli) => {
        await cli(['demo', '--members', '200']);
        await cli(
          [...userAddArgs({ ...account, role: 'district-admin', unit: 'HE-06631' }), '--password-stdin'],
          account.password,
        );
      },
    },
    setup: async ({ server }) => {
      admin = await enrolOverApi(server.baseURL, account.email, account.password);
    },
    timeout: 300_000,
  });
  const current = () => {
    if (!admin) throw new Error('the district admin is enrolled in beforeAll');
    return admin;
  };

  const api = async <T = Member>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const { session } = current();
    const response = await fetch(`${suite.server.baseURL}/api/v1${path}`, {
      method,
      headers: {
        ...headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        cookie: session.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
        'x-csrf-token': session.csrf,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  };

  const createMember = async (firstName: string, lastName: string, extra: Record<string, unknown> = {}) => {
    const { status, body } = await api('POST', '/members', {
      firstName,
      lastName,
      street: 'Bahnhofstraße',
      houseNumber: '1',
      postcode: '36037',
      city: 'Fulda',
      status: 'member',
      since: '2020-01-15',
      confirmDuplicate: true,
      ...extra,
    });
    expect(status, JSON.stringify(body)).toBe(201);
    return body;
  };

  return { suite, admin: current, api, createMember };
}
