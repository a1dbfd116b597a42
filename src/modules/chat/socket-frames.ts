import type { FastifyBaseLogger } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import type { z } from 'zod';
import { AppError } from '../../lib/app-error.js';
import { FrameBucket, sendFrame } from './chat-hub.js';

/** Policy violation: the close code for a flood (RFC 6455 §7.4.1). */
export const CLOSE_POLICY = 1008;

/**
 * Feeds a socket's frames to `handle` one at a time, in order (a hello finishes before the
 * message sent right after it), parsed and checked by `schema`. A frame that is not JSON or not
 * in the protocol is answered with an error frame; a failing handler too; nothing a client
 * sends can throw out of here. Too many frames close the socket with 1008.
 */
export function serveFrames<S extends z.ZodTypeAny>(socket: WebSocket, o: { schema: S; log: FastifyBaseLogger; bucket: FrameBucket; handle: (frame: z.infer<S>) => Promise<void> }): void {
  let queue = Promise.resolve();
  socket.on('error', (err) => o.log.debug({ err }, 'chat socket error'));
  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (!o.bucket.take()) {
      socket.close(CLOSE_POLICY, 'Too many messages');
      return;
    }
    queue = queue.then(() => handleOne(socket, o, data, isBinary));
  });
}

async function handleOne<S extends z.ZodTypeAny>(socket: WebSocket, o: { schema: S; log: FastifyBaseLogger; handle: (frame: z.infer<S>) => Promise<void> }, data: RawData, isBinary: boolean) {
  if (socket.readyState !== socket.OPEN) return;
  let json: unknown;
  try {
    json = isBinary ? undefined : JSON.parse(data.toString());
  } catch {
    json = undefined;
  }
  const parsed = json === undefined ? null : o.schema.safeParse(json);
  if (!parsed?.success) {
    const issue = parsed?.error.issues[0];
    sendFrame(socket, { t: 'error', code: 'bad_frame', message: issue ? `${issue.path.join('.') || 'frame'}: ${issue.message}` : 'expected a JSON text frame' });
    return;
  }
  try {
    await o.handle(parsed.data);
  } catch (err) {
    if (err instanceof AppError) {
      sendFrame(socket, { t: 'error', code: err.code.toLowerCase(), message: err.message });
    } else {
      o.log.error({ err }, 'chat frame failed');
      sendFrame(socket, { t: 'error', code: 'internal', message: 'Something went wrong; send it again' });
    }
  }
}
