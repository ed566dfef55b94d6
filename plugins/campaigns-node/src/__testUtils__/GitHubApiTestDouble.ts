/*
 * A LOCAL HTTP TEST DOUBLE of GitHub's REST API: the pull-request calls
 * campaigns make, recorded, answered from memory. Not GitHub: no network.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  path: string;
  authorization?: string;
  body?: any;
}

interface FakePullRequest {
  number: number;
  owner: string;
  repo: string;
  head: string;
  base: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  merged: boolean;
}

export class GitHubApiTestDouble {
  readonly calls: RecordedCall[] = [];
  readonly pulls: FakePullRequest[] = [];
  private server?: http.Server;
  baseUrl = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>(resolve =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise(resolve => this.server?.close(resolve));
  }

  /** Marks a pull request merged (or closed), as a reviewer on GitHub would. */
  finish(number: number, merged: boolean) {
    const pr = this.pulls.find(p => p.number === number)!;
    pr.state = 'closed';
    pr.merged = merged;
  }

  private json(res: http.ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private view(pr: FakePullRequest) {
    return {
      number: pr.number,
      html_url: `https://github.com/${pr.owner}/${pr.repo}/pull/${pr.number}`,
      state: pr.state,
      merged: pr.merged,
      merged_at: pr.merged ? '2026-12-04T12:00:00Z' : null,
      head: { ref: pr.head },
      base: { ref: pr.base },
    };
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? JSON.parse(text) : undefined;
      const url = new URL(req.url!, this.baseUrl);
      this.calls.push({
        method: req.method!,
        path: `${url.pathname}${url.search}`,
        authorization: req.headers.authorization,
        ...(body ? { body } : {}),
      });
      if (req.headers.authorization !== 'Bearer test-token') {
        this.json(res, 401, { message: 'Bad credentials' });
        return;
      }
      const match = /^\/repos\/([^/]+)\/([^/]+)\/pulls(?:\/(\d+))?$/.exec(
        url.pathname,
      );
      if (!match) {
        this.json(res, 404, { message: 'Not Found' });
        return;
      }
      const [, owner, repo, number] = match;
      if (req.method === 'POST' && !number) {
        if (
          this.pulls.some(
            p =>
              p.owner === owner &&
              p.repo === repo &&
              p.head === body.head &&
              p.state === 'open',
          )
        ) {
          this.json(res, 422, {
            message: 'Validation Failed',
            errors: [
              {
                message: `A pull request already exists for ${owner}:${body.head}.`,
              },
            ],
          });
          return;
        }
        const pr: FakePullRequest = {
          number: this.pulls.length + 1,
          owner,
          repo,
          head: body.head,
          base: body.base,
          title: body.title,
          body: body.body,
          state: 'open',
          merged: false,
        };
        this.pulls.push(pr);
        this.json(res, 201, this.view(pr));
        return;
      }
      if (req.method === 'GET' && !number) {
        const head = url.searchParams.get('head')?.split(':')[1];
        this.json(
          res,
          200,
          this.pulls
            .filter(
              p =>
                p.owner === owner &&
                p.repo === repo &&
                p.head === head &&
                p.state === 'open',
            )
            .map(p => this.view(p)),
        );
        return;
      }
      const pr = this.pulls.find(
        p =>
          p.owner === owner && p.repo === repo && p.number === Number(number),
      );
      if (req.method === 'GET' && pr) {
        this.json(res, 200, this.view(pr));
        return;
      }
      this.json(res, 404, { message: 'Not Found' });
    });
  }
}
