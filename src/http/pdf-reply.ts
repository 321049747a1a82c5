import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A document route's answer: its JSON, or, with `.pdf` after the id or `Accept:
 * application/pdf`, its PDF. `id` is the path parameter as sent.
 */
export async function jsonOrPdf<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  json: (id: string) => Promise<T>,
  pdf: (id: string) => Promise<{ file: Buffer; name: string }>,
): Promise<T | FastifyReply> {
  const wantsPdf =
    id.endsWith('.pdf') || (request.headers.accept ?? '').includes('application/pdf');
  const bare = id.replace(/\.pdf$/, '');
  if (!wantsPdf) return json(bare);
  const { file, name } = await pdf(bare);
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="${name}"`)
    .send(file);
}
