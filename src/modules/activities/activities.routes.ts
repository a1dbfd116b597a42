import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import { createActivityBody, followUpBody, listActivitiesQuery, myDayQuery, updateActivityBody } from './activities.schema.js';
import * as service from './activities.service.js';
import { getMyDay, meetingInvite, scheduleFollowUp } from './activity-follow-up.service.js';

export function activitiesRoutes(app: App, ctx: AppContext): void {
  const tags = ['activities'];
  app.get('/api/v1/activities', { schema: { tags, summary: 'Calls, meetings and tasks, newest first (filter by type, deal, contact, company, assignee, open/done)', querystring: listActivitiesQuery } }, async (request) =>
    service.listActivities({ ctx, actor: actorOf(request), query: request.query }),
  );
  app.post('/api/v1/activities', { schema: { tags, summary: 'Log a call, plan a meeting or add a task (a task with dueAt reminds its assignee then)', body: createActivityBody } }, async (request, reply) => {
    reply.status(201);
    return service.createActivity({ ctx, actor: actorOf(request), input: request.body });
  });
  app.get('/api/v1/tasks/my-day', { schema: { tags, summary: "My open tasks: overdue, due today and upcoming, in the caller's time zone", querystring: myDayQuery } }, async (request) =>
    getMyDay({ ctx, actor: actorOf(request), ...request.query }),
  );
  app.get('/api/v1/activities/:id', { schema: { tags, summary: 'Get an activity', params: idParam } }, async (request) =>
    service.getActivity({ ctx, actor: actorOf(request), id: request.params.id }),
  );
  app.patch('/api/v1/activities/:id', { schema: { tags, summary: 'Change an activity (done: true completes it; a new dueAt reschedules the reminder)', params: idParam, body: updateActivityBody } }, async (request) =>
    service.updateActivity({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }),
  );
  app.delete('/api/v1/activities/:id', { schema: { tags, summary: 'Delete an activity', params: idParam } }, async (request, reply) => {
    await service.deleteActivity({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.status(204).send();
  });
  app.post('/api/v1/activities/:id/follow-up', { schema: { tags, summary: 'Schedule the next task from this activity in one step (same links; marks this one done unless markDone is false)', params: idParam, body: followUpBody } }, async (request, reply) => {
    reply.status(201);
    return scheduleFollowUp({ ctx, actor: actorOf(request), id: request.params.id, input: request.body });
  });
  app.get('/api/v1/activities/:id/invite.ics', { schema: { tags, summary: 'A meeting as a downloadable iCalendar invite', params: idParam } }, async (request, reply) => {
    const { filename, body } = await meetingInvite({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.type('text/calendar; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(body);
  });
}
