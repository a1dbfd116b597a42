import { notifications } from '@mantine/notifications';
import { ApiError } from './http';

export function notifyError(err: unknown, title = 'Something went wrong') {
  const message = err instanceof Error ? err.message : String(err);
  const code = err instanceof ApiError ? err.code : undefined;
  notifications.show({ color: 'red', title: code === 'FORBIDDEN' ? 'Not allowed' : title, message });
}

export function notifySuccess(message: string) {
  notifications.show({ color: 'teal', message });
}
