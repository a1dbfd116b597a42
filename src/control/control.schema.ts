import { z } from 'zod';
import { AppError } from '../lib/app-error.js';
import { emailSchema, passwordSchema, roleSchema } from '../modules/auth/auth.schema.js';
import { startImportBody } from '../modules/imports/imports.schema.js';

/**
 * Inputs of the operations a CLI command runs, in its own process or through the server's control
 * socket; the server parses them again, as it would any request. The account rules are the API's.
 */
/** Bumped when a route or body changes, so an upgraded CLI never half-talks to an older server. */
export const CONTROL_PROTOCOL = 1;

const workspace = z.number().int().positive().optional().describe('workspace id; may be left out when there is only one');
const id = z.number().int().positive();

export const createAccountInput = z.object({
  email: emailSchema,
  password: passwordSchema,
  role: roleSchema.default('owner'),
  name: z.string().trim().min(1).max(200).optional(),
  workspace,
  workspaceName: z.string().trim().min(1).max(200).default('My workspace'),
});
export type CreateAccountInput = z.input<typeof createAccountInput>;

export const createApiKeyInput = z.object({ name: z.string().trim().min(1).max(200), role: roleSchema.default('admin'), workspace });
export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;

export const workspaceInput = z.object({ workspace });
export type WorkspaceInput = z.input<typeof workspaceInput>;

export const uploadInput = z.object({ workspace, filename: z.string().max(255).default('upload.csv') });

export const importIdInput = z.object({ id, workspace });
export type ImportIdInput = z.input<typeof importIdInput>;

export const runImportInput = startImportBody.extend({ id, workspace });
export type RunImportInput = z.input<typeof runImportInput>;

/** A failed parse as the one error type, naming each field (the CLI option of the same name). */
export function invalidInput(err: z.ZodError): AppError {
  return AppError.invalid(err.issues.map((i) => ({ path: i.path.join('.') || 'input', message: i.message })));
}

export const createWorkspaceInput = z.object({ name: z.string().trim().min(1).max(200), owner: emailSchema.describe('email of an existing user, who will own it') });
export type CreateWorkspaceInput = z.input<typeof createWorkspaceInput>;
