import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Ctx } from '../domain/context';
import { changeMessage, messagePage, postMessage } from '../domain/messages';
import { restReaction } from '../domain/reactions';
import { changeMembership, listDms, listRooms, startDm, unreadCount } from '../domain/rooms';
import { authOf } from '../middleware';
import { addRoomMember, createManagedRoom, leaveRoom, removeRoomMember, renameRoom } from '../domain/groups';
import {
  addMemberBody,
  createRoomBody,
  editMessageBody,
  emptyBody,
  postMessageBody,
  reactionBody,
  renameRoomBody,
  ROOM_TYPES,
  startDmBody,
} from '../shared';
import { parse } from '../validate';
import { sendJsonText } from './json-text';

const roomsQuery = z.strictObject({
  room_type: z.enum(ROOM_TYPES).optional(),
  archived: z.enum(['true', 'false']).optional(),
});
const pageQuery = z.strictObject({ before: z.string().max(200).optional(), limit: z.string().max(10).optional() });

export function roomRoutes(ctx: Ctx, authed: RequestHandler[]): Router {
  const r = Router();
  r.use(...authed);

  r.post('/start_dm', async (req, res) => {
    const { user_id } = parse(startDmBody, req.body);
    const { room, created } = await startDm(ctx, authOf(res).userId, user_id);
    res.status(created ? 201 : 200).json({ room, created });
  });
  r.get('/direct_messages', async (_req, res) => {
    sendJsonText(res, await listDms(ctx, authOf(res).userId));
  });
  r.get('/', async (req, res) => {
    const q = parse(roomsQuery, req.query);
    const archived = q.archived === undefined ? undefined : q.archived === 'true';
    sendJsonText(res, await listRooms(ctx, authOf(res).userId, { room_type: q.room_type, archived }));
  });
  r.post('/', async (req, res) => {
    const { room, created } = await createManagedRoom(ctx, authOf(res).userId, parse(createRoomBody, req.body));
    res.status(created ? 201 : 200).json(room);
  });
  r.patch('/:id', async (req, res) => {
    const { name } = parse(renameRoomBody, req.body);
    res.json(await renameRoom(ctx, authOf(res).userId, req.params.id, name));
  });
  r.post('/:id/members', async (req, res) => {
    const { user_id } = parse(addMemberBody, req.body);
    res.json(await addRoomMember(ctx, authOf(res).userId, req.params.id, user_id));
  });
  r.delete('/:id/members/:userId', async (req, res) => {
    res.json(await removeRoomMember(ctx, authOf(res).userId, req.params.id, req.params.userId));
  });
  r.post('/:id/leave', async (req, res) => {
    parse(emptyBody, req.body);
    await leaveRoom(ctx, authOf(res).userId, req.params.id);
    res.status(204).end();
  });
  r.get('/:id', async (req, res) => {
    const { userId } = authOf(res);
    const room = await ctx.authz.requireRoom(userId, req.params.id);
    res.json({ ...room, unread_count: await unreadCount(ctx, room, userId) });
  });
  r.get('/:id/messages', async (req, res) => {
    const q = parse(pageQuery, req.query);
    res.json(await messagePage(ctx, authOf(res).userId, req.params.id, q.before, q.limit));
  });
  r.post('/:id/messages', async (req, res) => {
    const body = parse(postMessageBody, req.body);
    await ctx.limits.quota.require(authOf(res).userId, [body.id]);
    res.status(201).json(await postMessage(ctx, authOf(res).userId, req.params.id, body));
  });
  r.patch('/:id/messages/:messageId', async (req, res) => {
    const { content } = parse(editMessageBody, req.body);
    res.json(await changeMessage(ctx, authOf(res).userId, req.params.id, req.params.messageId, { content }));
  });
  r.delete('/:id/messages/:messageId', async (req, res) => {
    parse(emptyBody, req.body ?? {});
    res.json(await changeMessage(ctx, authOf(res).userId, req.params.id, req.params.messageId, { deleted: true }));
  });
  r.put('/:id/messages/:messageId/reaction', async (req, res) => {
    const { emoji } = parse(reactionBody, req.body);
    res.json(await restReaction(ctx, authOf(res).userId, req.params.id, req.params.messageId, { set: emoji }));
  });
  r.delete('/:id/messages/:messageId/reaction', async (req, res) => {
    // The emoji is optional here: without it, whatever the caller reacted with is removed.
    const body = parse(reactionBody.partial(), req.body ?? {});
    await restReaction(ctx, authOf(res).userId, req.params.id, req.params.messageId, { remove: body.emoji });
    res.status(204).end();
  });
  for (const action of ['read', 'archive', 'unarchive'] as const) {
    r.post(`/:id/${action}`, async (req, res) => {
      parse(emptyBody, req.body);
      res.json(await changeMembership(ctx, authOf(res).userId, req.params.id, action));
    });
  }
  r.post('/:id/typing', async (req, res) => {
    parse(emptyBody, req.body);
    const { userId } = authOf(res);
    const room = await ctx.authz.requireRoom(userId, req.params.id);
    const others: string[] = [];
    for (const id of room.participant_ids) if (id !== userId && (await ctx.authz.isMember(id, room.id))) others.push(id);
    ctx.typing(others, { room_id: room.id, user_id: userId, at: new Date().toISOString() });
    res.status(204).end();
  });
  return r;
}
