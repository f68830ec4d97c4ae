import createClient from 'openapi-fetch';
import type { paths } from './perk-api';
import { isProblem, ProblemError } from './problem';

export type PerkClient = ReturnType<typeof createClient<paths>>;

/** The routes that take a CSV file as their body. */
export type CsvUploadPath = '/v1/imports/categories' | '/v1/imports/products';
export type CsvUploadAnswer<P extends CsvUploadPath> = paths[P]['post'] extends {
  responses: { 200: { content: { 'application/json': infer Answer } } };
}
  ? Answer
  : never;

export interface PerkApi {
  client: PerkClient;
  /** The session's CSRF token, sent with every unsafe call (the API refuses one without it). */
  setCsrfToken(token: string | null): void;
  /**
   * Sends a file as it is (the server's CSV reader detects its charset), telling how many bytes
   * have gone, which fetch cannot tell; the session cookie and CSRF token go as with every call.
   * Rejects with a ProblemError when the API refuses, a TypeError when it does not answer.
   */
  uploadCsv<P extends CsvUploadPath>(
    path: P,
    file: Blob,
    onProgress: (sentBytes: number, totalBytes: number) => void,
  ): Promise<CsvUploadAnswer<P>>;
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The Perk API on the console's own origin; the session cookie goes along by itself. */
export function createPerkApi(baseUrl = ''): PerkApi {
  let csrfToken: string | null = null;
  const client = createClient<paths>({ baseUrl, credentials: 'same-origin' });
  client.use({
    onRequest({ request }) {
      if (csrfToken && !safeMethods.has(request.method)) {
        request.headers.set('x-csrf-token', csrfToken);
      }
      return request;
    },
  });
  return {
    client,
    setCsrfToken(token) {
      csrfToken = token;
    },
    uploadCsv: (path, file, onProgress) =>
      new Promise((resolve, reject) => {
        const request = new XMLHttpRequest();
        request.open('POST', baseUrl + path);
        request.setRequestHeader('content-type', 'text/csv');
        if (csrfToken) request.setRequestHeader('x-csrf-token', csrfToken);
        request.upload.onprogress = (event) => onProgress(event.loaded, event.total);
        request.onerror = () => reject(new TypeError('The server did not answer'));
        request.onload = () => {
          const body = parsedJson(request.responseText);
          if (request.status >= 200 && request.status < 300) resolve(body as never);
          else if (isProblem(body)) reject(new ProblemError(body));
          else {
            const { status, statusText } = request;
            reject(new ProblemError({ status, code: 'http_error', detail: statusText }));
          }
        };
        request.send(file);
      }),
  };
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
