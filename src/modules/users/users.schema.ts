import { z } from 'zod';
import { emailSchema, passwordSchema, roleSchema } from '../auth/auth.schema.js';

export const inviteBody = z.object({ email: emailSchema, role: roleSchema });
export const acceptInviteBody = z.object({ token: z.string().min(10).max(500), name: z.string().trim().min(1).max(200).optional().describe('Required for a new account; an existing account keeps its name'), password: passwordSchema });
export const updateUserBody = z
  .object({ name: z.string().trim().min(1).max(200).optional(), role: roleSchema.optional(), disabled: z.boolean().optional() })
  .refine((v) => Object.keys(v).length > 0, { message: 'give at least one of name, role, disabled' });
export type UpdateUserInput = z.infer<typeof updateUserBody>;
