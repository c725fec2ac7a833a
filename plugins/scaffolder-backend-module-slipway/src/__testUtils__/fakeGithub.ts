import { http, HttpResponse } from 'msw';

const API = 'https://api.github.com';

/**
 * msw handlers for the part of GitHub's REST API the config-repo writer
 * uses, holding one repository's refs, commits and pull requests in memory
 * and answering as GitHub does: 404 for an unknown repository, 422 for a
 * ref that exists, 403 with the rate-limit headers once the budget is spent.
 */
export function fakeGithub(options: {
  owner: string;
  repo: string;
  /** Requests answered before the rate limit is hit; unlimited by default. */
  rateLimit?: number;
}) {
  const { owner, repo } = options;
  const refs = new Map<string, string>([['heads/main', 'c0']]);
  const commits = new Map<
    string,
    { tree: string; message: string; parents: string[] }
  >([['c0', { tree: 't0', message: 'initial', parents: [] }]]);
  const trees = new Map<string, Record<string, string | null>>([['t0', {}]]);
  const pulls: Array<{
    number: number;
    head: string;
    base: string;
    title: string;
    body: string;
    html_url: string;
  }> = [];
  const requests: string[] = [];
  let remaining = options.rateLimit ?? Infinity;
  let next = 1;

  const base = `${API}/repos/:owner/:repo`;
  const guard = (
    params: Record<string, unknown>,
    method: string,
    url: string,
  ) => {
    requests.push(`${method} ${decodeURIComponent(new URL(url).pathname)}`);
    if (remaining-- <= 0) {
      return HttpResponse.json(
        {
          message: 'API rate limit exceeded for installation ID 1.',
          documentation_url:
            'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        },
        {
          status: 403,
          headers: {
            'x-ratelimit-limit': '5000',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-used': '5000',
            'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1800),
          },
        },
      );
    }
    if (params.owner !== owner || params.repo !== repo) {
      return HttpResponse.json(
        {
          message: 'Not Found',
          documentation_url: 'https://docs.github.com/rest',
        },
        { status: 404 },
      );
    }
    return undefined;
  };

  const handlers = [
    http.get(
      base,
      ({ params, request }) =>
        guard(params, 'GET', request.url) ??
        HttpResponse.json({
          name: repo,
          full_name: `${owner}/${repo}`,
          default_branch: 'main',
        }),
    ),
    http.get(`${base}/git/ref/*`, ({ params, request }) => {
      const denied = guard(params, 'GET', request.url);
      if (denied) return denied;
      const ref = decodeURIComponent(
        new URL(request.url).pathname.split('/git/ref/')[1],
      );
      const sha = refs.get(ref);
      return sha
        ? HttpResponse.json({
            ref: `refs/${ref}`,
            object: { sha, type: 'commit' },
          })
        : HttpResponse.json({ message: 'Not Found' }, { status: 404 });
    }),
    http.get(`${base}/git/commits/:sha`, ({ params, request }) => {
      const denied = guard(params, 'GET', request.url);
      if (denied) return denied;
      const commit = commits.get(params.sha as string);
      return commit
        ? HttpResponse.json({
            sha: params.sha,
            tree: { sha: commit.tree },
            message: commit.message,
          })
        : HttpResponse.json({ message: 'Not Found' }, { status: 404 });
    }),
    http.post(`${base}/git/trees`, async ({ params, request }) => {
      const denied = guard(params, 'POST', request.url);
      if (denied) return denied;
      const body = (await request.json()) as {
        base_tree: string;
        tree: Array<{ path: string; content?: string; sha?: null }>;
      };
      const files = { ...trees.get(body.base_tree) };
      for (const entry of body.tree) {
        if (entry.sha === null) delete files[entry.path];
        else files[entry.path] = entry.content!;
      }
      // Same contents, same tree SHA, as in Git.
      const sha = `t:${JSON.stringify(Object.entries(files).sort())}`;
      trees.set(sha, files);
      return HttpResponse.json({ sha }, { status: 201 });
    }),
    http.post(`${base}/git/commits`, async ({ params, request }) => {
      const denied = guard(params, 'POST', request.url);
      if (denied) return denied;
      const body = (await request.json()) as {
        tree: string;
        message: string;
        parents: string[];
      };
      const sha = `c${next++}`;
      commits.set(sha, body);
      return HttpResponse.json({ sha }, { status: 201 });
    }),
    http.post(`${base}/git/refs`, async ({ params, request }) => {
      const denied = guard(params, 'POST', request.url);
      if (denied) return denied;
      const body = (await request.json()) as { ref: string; sha: string };
      const ref = body.ref.replace(/^refs\//, '');
      if (refs.has(ref)) {
        return HttpResponse.json(
          {
            message: 'Reference already exists',
            documentation_url:
              'https://docs.github.com/rest/git/refs#create-a-reference',
          },
          { status: 422 },
        );
      }
      refs.set(ref, body.sha);
      return HttpResponse.json(
        { ref: body.ref, object: { sha: body.sha } },
        { status: 201 },
      );
    }),
    http.patch(`${base}/git/refs/*`, async ({ params, request }) => {
      const denied = guard(params, 'PATCH', request.url);
      if (denied) return denied;
      const ref = decodeURIComponent(
        new URL(request.url).pathname.split('/git/refs/')[1],
      );
      const body = (await request.json()) as { sha: string; force?: boolean };
      const current = refs.get(ref);
      if (!current)
        return HttpResponse.json(
          { message: 'Reference does not exist' },
          { status: 422 },
        );
      if (!body.force && !commits.get(body.sha)?.parents.includes(current)) {
        return HttpResponse.json(
          { message: 'Update is not a fast forward' },
          { status: 422 },
        );
      }
      refs.set(ref, body.sha);
      return HttpResponse.json({
        ref: `refs/${ref}`,
        object: { sha: body.sha },
      });
    }),
    http.get(`${base}/pulls`, ({ params, request }) => {
      const denied = guard(params, 'GET', request.url);
      if (denied) return denied;
      const query = new URL(request.url).searchParams;
      const head = query.get('head')?.split(':')[1];
      return HttpResponse.json(
        pulls.filter(
          p =>
            p.head === head &&
            (!query.get('base') || p.base === query.get('base')),
        ),
      );
    }),
    http.post(`${base}/pulls`, async ({ params, request }) => {
      const denied = guard(params, 'POST', request.url);
      if (denied) return denied;
      const body = (await request.json()) as {
        head: string;
        base: string;
        title: string;
        body: string;
      };
      if (!refs.has(`heads/${body.head}`)) {
        return HttpResponse.json(
          {
            message: 'Validation Failed',
            errors: [{ field: 'head', code: 'invalid' }],
          },
          { status: 422 },
        );
      }
      const number = pulls.length + 1;
      const pull = {
        ...body,
        number,
        html_url: `https://github.com/${owner}/${repo}/pull/${number}`,
      };
      pulls.push(pull);
      return HttpResponse.json(pull, { status: 201 });
    }),
  ];

  return {
    handlers,
    refs,
    pulls,
    requests,
    /** The files at the head of a branch. */
    filesAt(branch: string) {
      return trees.get(commits.get(refs.get(`heads/${branch}`)!)!.tree)!;
    },
    /** What a ref's head commit says. */
    commitAt(branch: string) {
      return commits.get(refs.get(`heads/${branch}`)!)!;
    },
  };
}
