import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import { z } from 'zod';
import { getPreviewHtml, previewTemplate, sendTestTemplate } from './template-preview.service.js';
import { createTemplateBody, previewBody, templatePageQuery, testSendBody, updateTemplateBody } from './templates.schema.js';
import * as service from './templates.service.js';

/**
 * An email needs inline styles and remote images, which the app's CSP forbids (and a srcdoc frame
 * inherits it), so a preview is its own document: framable by the app only, no script at all.
 */
const PREVIEW_HELMET = {
  frameguard: false as const,
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      'default-src': ["'none'"], 'style-src': ["'unsafe-inline'"], 'img-src': ['https:', 'http:', 'data:'], 'font-src': ['https:', 'data:'],
      'base-uri': ["'none'"], 'form-action': ["'none'"], 'frame-ancestors': ["'self'"],
    },
  },
};
const previewParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/, 'not a preview token') });

export function templatesRoutes(app: App, ctx: AppContext): void {
  const tags = ['templates'];
  app.get('/api/v1/templates/previews/:token', { helmet: PREVIEW_HELMET, schema: { tags, operationId: 'getTemplatePreviewHtml', summary: 'The HTML of a rendered preview, for the editor\'s preview frame', params: previewParams } }, async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(await getPreviewHtml({ ctx, actor: actorOf(request), token: request.params.token })),
  );
  app.get('/api/v1/templates/starters', { schema: { tags, operationId: 'listTemplateStarters', summary: 'The starter gallery: responsive designs to begin a template from' } }, async (request) =>
    service.listStarters({ actor: actorOf(request) }),
  );
  app.post('/api/v1/templates/preview', { schema: { tags, operationId: 'previewTemplate', summary: 'Render unsaved MJML or blocks with Liquid for a sample or named contact: subject, HTML and plain text', body: previewBody } }, async (request) =>
    previewTemplate({ ctx, actor: actorOf(request), input: request.body }),
  );
  app.get('/api/v1/templates', { schema: { tags, operationId: 'listTemplates', summary: 'Email templates, keyset-paged by id (without their MJML)', querystring: templatePageQuery } }, async (request) =>
    service.listTemplates({ ctx, actor: actorOf(request), ...request.query }),
  );
  app.post('/api/v1/templates', { schema: { tags, operationId: 'createTemplate', summary: 'Create a template from MJML, a block document or a starter; invalid MJML or Liquid is a 400 with the line', body: createTemplateBody } }, async (request, reply) => {
    reply.status(201);
    return service.createTemplate({ ctx, actor: actorOf(request), input: request.body });
  });
  app.get('/api/v1/templates/:id', { schema: { tags, operationId: 'getTemplate', summary: 'A template with its MJML, block document and warnings', params: idParam } }, async (request) =>
    service.getTemplate({ ctx, actor: actorOf(request), id: request.params.id }),
  );
  app.patch('/api/v1/templates/:id', { schema: { tags, operationId: 'updateTemplate', summary: 'Change a template; blocks regenerate the MJML, MJML alone drops the blocks', params: idParam, body: updateTemplateBody } }, async (request) =>
    service.updateTemplate({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }),
  );
  app.delete('/api/v1/templates/:id', { schema: { tags, operationId: 'deleteTemplate', summary: 'Delete a template (campaigns keep their compiled copy)', params: idParam } }, async (request, reply) => {
    await service.deleteTemplate({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.status(204).send();
  });
  app.post('/api/v1/templates/:id/test', {
    // Each test is real mail through the workspace's relay: a few a minute is plenty.
    config: { rateLimit: { max: 10, timeWindow: 60_000 } },
    schema: { tags, operationId: 'sendTestTemplate', summary: 'Send the template to up to five addresses through the sending account of the from-domain', params: idParam, body: testSendBody },
  }, async (request) => sendTestTemplate({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }));
}
