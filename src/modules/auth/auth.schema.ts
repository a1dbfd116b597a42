import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem } from './password-policy.js';
import { ROLES } from './permissions.js';

export const roleSchema = z.enum(ROLES);
export const emailSchema = z.string().trim().toLowerCase().pipe(z.email({ message: 'must be a valid email address' })).describe('Email address');
export const passwordSchema = z
  .string()
  .superRefine((pw, zctx) => {
    const problem = passwordProblem(pw);
    if (problem) zctx.addIssue({ code: 'custom', message: problem });
  })
  .describe(`At least ${PASSWORD_MIN_LENGTH} characters (at most ${PASSWORD_MAX_LENGTH}), not one of the 10,000 most common passwords`);

export const setupBody = z.object({
  workspaceName: z.string().trim().min(1).max(200),
  name: z.string().trim().min(1).max(200),
  email: emailSchema,
  password: passwordSchema,
});
export type SetupInput = z.infer<typeof setupBody>;

export const loginBody = z.object({ email: emailSchema, password: z.string().min(1).max(200) });

export const userOut = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.date(),
});
export type UserOut = z.infer<typeof userOut>;

export const meOut = z.object({
  user: z.object({ id: z.number().nullable(), email: z.string().nullable(), name: z.string(), role: roleSchema }),
  workspace: z.object({ id: z.number(), name: z.string() }),
  permissions: z.array(z.string()),
});
