/**
 * A fake IMDS Scheduled Events endpoint on 127.0.0.1 for the agent tests. It answers
 * GET /metadata/scheduledevents?api-version=2020-07-01 with the next document of a queue (the
 * last one repeats), records every request, and refuses requests without `Metadata: true` with
 * 400, as IMDS does (Microsoft Learn, Scheduled Events: "Headers").
 */
import * as http from "http";
import type { AddressInfo } from "net";

/** One answer: a JSON document, or raw text / a status for the failure cases. */
export type FakeAnswer = { doc: unknown } | { raw: string; status?: number };

/** A request the fake received. */
export interface FakeRequest {
  method: string;
  url: string;
  metadataHeader: string | undefined;
  body: string;
  /** POSTs: the status the fake answered. */
  status?: number;
}

export interface FakeImds {
  /** Base URL as the agent takes it: http://127.0.0.1:<port>/metadata */
  base: string;
  requests: FakeRequest[];
  /** EventIds posted in StartRequests, in order. */
  approved: () => string[];
  close: () => Promise<void>;
}

/**
 * `postStatuses`: the status of each StartRequests POST in turn (the last repeats; default 200).
 * Only POSTs answered 200 count as approved.
 */
export async function startFakeImds(
  answers: FakeAnswer[],
  postStatuses: number[] = [200],
): Promise<FakeImds> {
  const requests: FakeRequest[] = [];
  let served = 0;
  let posted = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      requests.push({
        method: req.method ?? "",
        url: req.url ?? "",
        metadataHeader: req.headers["metadata"] as string | undefined,
        body,
      });
      if (req.headers["metadata"] !== "true") {
        res.writeHead(400).end("Bad Request");
        return;
      }
      if (!(req.url ?? "").startsWith("/metadata/scheduledevents?api-version=2020-07-01")) {
        res.writeHead(404).end();
        return;
      }
      if (req.method === "POST") {
        const status = postStatuses[Math.min(posted, postStatuses.length - 1)];
        posted++;
        requests[requests.length - 1].status = status;
        res.writeHead(status).end();
        return;
      }
      const a = answers[Math.min(served, answers.length - 1)];
      served++;
      if ("doc" in a) {
        res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(a.doc));
      } else {
        res.writeHead(a.status ?? 200, { "Content-Type": "application/json" }).end(a.raw);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}/metadata`,
    requests,
    approved: () =>
      requests
        .filter((r) => r.method === "POST" && r.status === 200)
        .flatMap((r) =>
          (JSON.parse(r.body).StartRequests as { EventId: string }[]).map((s) => s.EventId),
        ),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
