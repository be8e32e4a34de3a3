import { Alert, AlertActionCloseButton, AlertGroup, type AlertProps } from '@patternfly/react-core';
import { createContext, use, useCallback, useMemo, useRef, useState, type ReactNode } from 'react';

export interface Notification {
  variant: NonNullable<AlertProps['variant']>;
  title: string;
  description?: ReactNode;
}

interface ShownNotification extends Notification {
  key: number;
}

type Notify = (notification: Notification) => void;

const NotificationsContext = createContext<Notify | null>(null);

/** How long success and info toasts stay; warnings and errors stay until closed. */
const transientMs = 8000;
/** At most this many toasts at once; older ones collapse into "View N more". */
const maxShown = 4;

/** The toast area: one live region in the top right corner of the page. */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const [notifications, setNotifications] = useState<ShownNotification[]>([]);
  const nextKey = useRef(0);

  const notify = useCallback<Notify>((notification) => {
    const key = nextKey.current++;
    setNotifications((current) => [...current, { ...notification, key }]);
  }, []);

  const dismiss = useCallback((key: number) => {
    setNotifications((current) => current.filter((notification) => notification.key !== key));
  }, []);

  const hidden = Math.max(0, notifications.length - maxShown);
  const shown = notifications.slice(hidden);

  return (
    <NotificationsContext value={notify}>
      {children}
      <AlertGroup
        isToast
        isLiveRegion
        onOverflowClick={() => setNotifications((current) => current.slice(-maxShown))}
        overflowMessage={hidden > 0 ? `View ${hidden} more notification${hidden === 1 ? '' : 's'}` : ''}
      >
        {shown.map(({ key, variant, title, description }) => (
          <Alert
            key={key}
            variant={variant}
            title={title}
            timeout={variant === 'success' || variant === 'info' ? transientMs : false}
            onTimeout={() => dismiss(key)}
            actionClose={<AlertActionCloseButton title={title} onClose={() => dismiss(key)} />}
          >
            {description}
          </Alert>
        ))}
      </AlertGroup>
    </NotificationsContext>
  );
}

/** Shows a toast. Errors should pass `errorMessage(error)` as the description. */
export function useNotify(): Notify {
  const notify = use(NotificationsContext);
  if (!notify) throw new Error('useNotify must be used inside <NotificationsProvider>.');
  return notify;
}

/** A convenience for screens that only need to report failures. */
export function useNotifyError(): (title: string, description?: ReactNode) => void {
  const notify = useNotify();
  return useMemo(
    () => (title: string, description?: ReactNode) => notify({ variant: 'danger', title, description }),
    [notify],
  );
}
