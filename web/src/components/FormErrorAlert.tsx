import { Alert } from '@mantine/core';
import type { FormErrors } from '../lib/form-errors';

/** A form's errors that no input shows (or the error itself when it names no field), under the inputs. */
export function FormErrorAlert({ errors, testId = 'form-errors', mt = 'md', mb }: { errors: FormErrors; testId?: string; mt?: string | number; mb?: string }) {
  if (!errors.rest.length) return null;
  return <Alert color="red" mt={mt} mb={mb} data-testid={testId}>{errors.rest.join('; ')}</Alert>;
}
