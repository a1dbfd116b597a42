import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';

// dns2 ships no types; this is the little of it the tests use.
interface Dns2Packet { questions: Array<{ name: string; type: number }>; answers: unknown[] }
interface Dns2 {
  Packet: { TYPE: { TXT: number }; CLASS: { IN: number }; createResponseFromRequest(request: Dns2Packet): Dns2Packet };
  createUDPServer(handler: (request: Dns2Packet, send: (response: Dns2Packet) => void) => void): {
    listen(port: number, address: string): Promise<void>;
    address(): AddressInfo;
    close(callback?: () => void): void;
  };
}
const dns2 = createRequire(import.meta.url)('dns2') as Dns2;

/**
 * A DNS server on 127.0.0.1 answering TXT questions from `records` (name → records, each a
 * string, split into 255-byte chunks as real servers do). Change `records` between checks.
 */
export async function startDnsServer(records: Map<string, string[]>) {
  const server = dns2.createUDPServer((request, send) => {
    const response = dns2.Packet.createResponseFromRequest(request);
    const question = request.questions[0];
    if (question && question.type === dns2.Packet.TYPE.TXT) {
      for (const value of records.get(question.name.toLowerCase()) ?? []) {
        const chunks = value.match(/.{1,255}/g) ?? [''];
        response.answers.push({ name: question.name, type: dns2.Packet.TYPE.TXT, class: dns2.Packet.CLASS.IN, ttl: 60, data: chunks });
      }
    }
    send(response);
  });
  await server.listen(0, '127.0.0.1');
  return { address: `127.0.0.1:${server.address().port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
